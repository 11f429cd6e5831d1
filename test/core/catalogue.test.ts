import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  assertNoErrors,
  EarValidationError,
  isRuleId,
  RULE_CATALOGUE,
  RuleId,
  ruleInfo,
  RuleStage,
  validateCluster,
} from '../../lib/core';
import { validCluster, validProject } from '../support/core-fixtures';
import { renderRulesDoc } from './rules-doc';

const ROOT = join(__dirname, '../..');

function filesUnder(dir: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!['node_modules', 'cdk.out', 'cdktf.out', '.gen', '__snapshots__'].includes(name))
        out.push(...filesUnder(p, exts));
    } else if (exts.test(name)) out.push(p);
  }
  return out;
}

describe('rule registry', () => {
  test('ids are well formed', () => {
    for (const { id } of RULE_CATALOGUE) expect(id).toMatch(/^(SYN|DEP)-[A-Z]+-\d+$/);
  });

  test("every rule's check resolves to code in the repo", () => {
    for (const rule of RULE_CATALOGUE) {
      const [mod, fn] = rule.check.split('#');
      const file = ['.ts', '/index.ts'].map((x) => join(ROOT, 'lib', mod + x)).find((f) => existsSync(f));
      expect({ id: rule.id, module: mod, exists: file !== undefined }).toEqual({
        id: rule.id,
        module: mod,
        exists: true,
      });
      if (fn) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = require(file as string)[fn];
        expect({ id: rule.id, fn, type: typeof exported }).toEqual({ id: rule.id, fn, type: 'function' });
      }
    }
  });

  test('every synth rule checked in core is tested on both sides', () => {
    const tests = readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(__dirname, f), 'utf8'))
      .join('\n');
    const core = RULE_CATALOGUE.filter((r) => r.stage === RuleStage.SYNTH && r.check.startsWith('core/'));
    expect(core.length).toBeGreaterThanOrEqual(20);
    for (const rule of core)
      expect({ id: rule.id, tested: tests.includes(`ruleId: '${rule.id}'`) }).toEqual({ id: rule.id, tested: true });
  });

  test('unknown ids are a library bug', () => {
    expect(isRuleId('SYN-NOPE-1')).toBe(false);
    expect(() => ruleInfo('SYN-NOPE-1' as RuleId)).toThrow('unknown rule id');
    expect(ruleInfo('SYN-TIER-1').stage).toBe(RuleStage.SYNTH);
  });

  test('assertNoErrors throws EarValidationError naming every rule', () => {
    const result = validateCluster(
      validCluster({
        regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M0' }],
        legacyContinuousBackup: true,
      }),
      validProject(),
    );
    let error: unknown;
    try {
      assertNoErrors(result);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EarValidationError);
    const err = error as EarValidationError;
    expect(err.ruleId).toBe('SYN-TIER-1');
    expect(err.message).toContain('[SYN-TIER-1]');
    expect(err.message).toContain('[SYN-BKP-1]');
    expect(err.violations).toHaveLength(2);
  });
});

describe('citations', () => {
  const cited = [
    ...filesUnder(join(ROOT, 'lib'), /\.ts$/),
    ...filesUnder(join(ROOT, 'docs'), /\.md$/),
    ...filesUnder(join(ROOT, 'examples'), /\.(ts|md)$/),
    join(ROOT, 'README.md'),
  ];

  test('every rule id a comment, message or doc cites is registered', () => {
    const unknown: string[] = [];
    for (const file of cited) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:SYN|DEP)-[A-Z]+-\d+\b/g))
        if (!isRuleId(m[0])) unknown.push(`${relative(ROOT, file)}: ${m[0]}`);
    }
    expect(unknown).toEqual([]);
  });

  test('nothing cites notes a user clone does not have', () => {
    const refs: string[] = [];
    for (const file of cited) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bPIT-\d+[a-z]?\b|ATLAS\.md|\.\.\/shared|§\s?\d+\s?Q\d+/g))
        refs.push(`${relative(ROOT, file)}: ${m[0]}`);
    }
    expect(refs).toEqual([]);
  });
});

describe('docs/rules.md', () => {
  test('is generated from the registry', () => {
    const path = join(ROOT, 'docs/rules.md');
    const want = renderRulesDoc();
    if (!process.env.CI) writeFileSync(path, want);
    expect(readFileSync(path, 'utf8')).toBe(want);
  });
});
