import { azureVerify } from '../../lib/cli/restore/key-advice';

describe('Azure key advice', () => {
  test('a versionless identifier asks for every version a snapshot may need', () => {
    const advice = azureVerify('https://kv-atlas.vault.azure.net/keys/atlas-key');
    expect(advice).toContain('is versionless');
    expect(advice).toContain('az keyvault key list-versions --id https://kv-atlas.vault.azure.net/keys/atlas-key');
  });

  test('a versioned identifier is checked as that version', () => {
    const advice = azureVerify('https://kv-atlas.vault.azure.net/keys/atlas-key/0123456789abcdef0123456789abcdef');
    expect(advice).not.toContain('versionless');
    expect(advice).toContain('az keyvault key show --id');
  });
});
