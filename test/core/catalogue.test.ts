import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertNoErrors,
  EarValidationError,
  RULE_CATALOGUE,
  ruleInfo,
  RuleStage,
  validateCluster,
} from '../../lib/core';
import { validCluster, validProject } from '../support/core-fixtures';

describe('rule catalogue', () => {
  test('ids are unique and well formed', () => {
    const ids = RULE_CATALOGUE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(SYN|DEP)-[A-Z]+-\d+$/);
  });

  test('every synth rule the core reports is tested on both sides', () => {
    const testDir = __dirname;
    const tests = readdirSync(testDir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(testDir, f), 'utf8'))
      .join('\n');
    const source = readdirSync(join(__dirname, '../../lib/core/rules'))
      .map((f) => readFileSync(join(__dirname, '../../lib/core/rules', f), 'utf8'))
      .join('\n');
    const reported = RULE_CATALOGUE.filter((r) => r.stage === RuleStage.SYNTH && source.includes(`'${r.id}'`));
    expect(reported.length).toBeGreaterThanOrEqual(20);
    for (const rule of reported)
      expect({ id: rule.id, tested: tests.includes(`ruleId: '${rule.id}'`) }).toEqual({ id: rule.id, tested: true });
  });

  test('unknown ids are a library bug', () => {
    expect(() => ruleInfo('SYN-NOPE-1')).toThrow('unknown rule id');
    expect(ruleInfo('SYN-TIER-1').stage).toBe(RuleStage.SYNTH);
  });

  test('assertNoErrors throws EarValidationError naming every rule', () => {
    const result = validateCluster(
      validCluster({
        regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M0' }],
        backup: { legacyContinuousBackup: true },
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

describe('docs/rules.md', () => {
  test('lists every rule of the catalogue', () => {
    const doc = readFileSync(join(__dirname, '../../docs/rules.md'), 'utf8');
    for (const rule of RULE_CATALOGUE)
      expect({ id: rule.id, documented: new RegExp(`\\|\\s*${rule.id}\\s*\\|`).test(doc) }).toEqual({
        id: rule.id,
        documented: true,
      });
  });
});
