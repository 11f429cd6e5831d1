/** `cdktf synth` entry point of the Azure Key Vault private-networking example. */
import { App } from 'cdktf';
import { PrivateNetworkingExampleStack } from './stack';

const app = new App();
new PrivateNetworkingExampleStack(app, 'atlas-ear-azure-private');
app.synth();
