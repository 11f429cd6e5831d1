/** `cdktf synth` entry point of the Azure Key Vault example. */
import { App } from 'cdktf';
import { AzureKeyVaultExampleStack } from './stack';

const app = new App();
new AzureKeyVaultExampleStack(app, 'atlas-ear-azure');
app.synth();
