import { errorsOf, RuleReporter, Severity, validateKeyAlias, validateWaitTimeout } from '../../lib/core';
import { checkSafetyDefault } from '../../lib/core/rules/engine-settings';

describe('SYN-AWS-5 key alias', () => {
  test.each([
    ['alias/atlas-ear/orders', undefined],
    [undefined, undefined],
    ['${Token[ALIAS.1]}', undefined],
    ['alias/aws/ebs', { ruleId: 'SYN-AWS-5', contains: 'reserved for AWS managed keys' }],
    ['', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
    ['alias/', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
    ['atlas', { ruleId: 'SYN-AWS-5', contains: 'alias/<name>' }],
    ['alias/has space', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
  ])('%j', (alias, expected) => {
    const errors = errorsOf(validateKeyAlias(alias));
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0].ruleId).toBe(expected.ruleId);
    expect(errors[0].message).toContain(expected.contains);
  });
});

describe('SYN-WAIT-1 wait timeout', () => {
  test.each([
    [60, undefined],
    [3300, undefined],
    [undefined, undefined],
    [4980, { ruleId: 'SYN-WAIT-1', contains: '1 to 3300 seconds' }],
    [0, { ruleId: 'SYN-WAIT-1', contains: "engine's limit of 3300 s" }],
    [Number.NaN, { ruleId: 'SYN-WAIT-1', contains: 'timeout' }],
  ])('%j s', (seconds, expected) => {
    const errors = errorsOf(validateWaitTimeout('cluster "orders"', seconds, 3300));
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0].ruleId).toBe(expected.ruleId);
    expect(errors[0].message).toContain(expected.contains);
  });
});

describe('SYN-KEEP-2 safety default turned off', () => {
  test('is a warning naming the prop and the consequence', () => {
    const r = new RuleReporter();
    checkSafetyDefault('cluster "orders"', 'removalPolicy', 'DESTROY', 'a stack delete terminates the cluster', r);
    const [v] = r.result().violations;
    expect(v).toMatchObject({ ruleId: 'SYN-KEEP-2', severity: Severity.WARNING, prop: 'removalPolicy' });
    expect(v.message).toContain('a stack delete terminates the cluster');
  });
});
