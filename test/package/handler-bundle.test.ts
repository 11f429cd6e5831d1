import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_CATALOGUE } from '../../lib/core/catalogue/rule-registry';

// The handler bundle (built by jest's globalSetup) carries the rule registry as run-time data only: every rule's
// stage and severity, none of the documentation text (scripts/bundle.mjs, runtimeRuleRegistry).
describe('the Lambda handler bundle', () => {
  const bundle = readFileSync(join(__dirname, '..', '..', 'assets', 'handler', 'index.js'), 'utf8');

  test('holds the stage and severity of every registered rule', () => {
    for (const r of RULE_CATALOGUE) {
      expect(bundle).toContain(`"${r.id}":{stage:"${r.stage}",severity:"${r.severity}"}`);
    }
  });

  test('holds none of the rules summaries or notes', () => {
    const texts = RULE_CATALOGUE.flatMap((r) => [r.summary, r.note ?? '']).filter((t) => t.length > 20);
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => bundle.includes(t))).toEqual([]);
  });
});
