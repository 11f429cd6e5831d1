/**
 * Entry point of the deploy-time Lambda behind every custom resource of this library
 * (aws-cdk-lib Provider framework: `onEvent` starts an operation, `isComplete` polls it).
 * Bundled by scripts/bundle-handler.mjs; never imported by construct code.
 */
export async function onEvent(event: { RequestType: string; ResourceType: string }): Promise<never> {
  throw new Error(`handler not implemented yet for ${event.ResourceType} ${event.RequestType}`);
}

export async function isComplete(event: { RequestType: string; ResourceType: string }): Promise<never> {
  throw new Error(`handler not implemented yet for ${event.ResourceType} ${event.RequestType}`);
}
