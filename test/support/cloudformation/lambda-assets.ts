/**
 * Loads the code of an `AWS::Lambda::Function` from its asset in a cloud assembly: the bundled file the
 * function would run (`Metadata['aws:asset:path']`, or the asset hash in `Code.S3Key`), not the TypeScript source.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnResource } from './template';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A Lambda entry point. */
export type LambdaHandler = (event: any) => Promise<any>;

/**
 * Loads the handler of a Lambda function resource. Sets `ATLAS_EAR_TEST_TIME_SCALE` first (the bundle reads it
 * once, at load, and shortens its real sleeps and request timeout by that factor).
 */
export function loadLambdaHandler(
  cdkOut: string,
  resource: CfnResource,
  timeScale: number,
): { fn: LambdaHandler; module: Record<string, unknown>; file: string } {
  const props = resource.Properties ?? {};
  const handler = String(props.Handler ?? '');
  const [file, exportName] = [handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1)];
  let assetDir = resource.Metadata?.['aws:asset:path'] as string | undefined;
  if (!assetDir) {
    const key = (props.Code as { S3Key?: unknown } | undefined)?.S3Key;
    const m = typeof key === 'string' ? /([a-f0-9]{64})\.zip$/.exec(key) : null;
    if (m) assetDir = `asset.${m[1]}`;
  }
  if (!assetDir) throw new Error(`cannot find the asset of handler ${handler}`);
  const path = join(cdkOut, assetDir, `${file}.js`);
  if (!existsSync(path)) throw new Error(`handler file ${path} not found`);
  process.env.ATLAS_EAR_TEST_TIME_SCALE = String(timeScale);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${path} has no export ${exportName}`);
  return { fn: fn as LambdaHandler, module: mod, file: path };
}
