import { errorsOf, validateSecretReference } from '../../lib/core';

describe('SYN-SEC-1', () => {
  test.each([
    ['a token reference passes', '${TfToken[TOKEN.12]}', undefined],
    ['an absent secret passes', undefined, undefined],
    ['a literal fails without echoing it', 'hunter2-very-secret', { ruleId: 'SYN-SEC-1', contains: '<redacted>' }],
  ])('%s', (_name, value, expected) => {
    const result = validateSecretReference('project encryption azureKeyVault', 'secret', value);
    if (!expected) {
      expect(errorsOf(result)).toEqual([]);
      return;
    }
    const [v] = errorsOf(result);
    expect(v.ruleId).toBe(expected.ruleId);
    expect(v.message).toContain(expected.contains);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
