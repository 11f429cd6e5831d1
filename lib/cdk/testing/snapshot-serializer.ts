/**
 * A jest snapshot serializer that keeps template snapshots stable: asset hashes change whenever aws-cdk-lib or the
 * bundled handler changes, so they are replaced with a placeholder.
 */

/** 64 hex digits: a CDK asset hash, as in `S3Key: "<hash>.zip"` or asset parameters. */
const ASSET_HASH = /[0-9a-f]{64}/g;
/** The placeholder written instead of an asset hash. */
export const ASSET_HASH_PLACEHOLDER = '[ASSET-HASH]';

/** The subset of jest's (pretty-format) plugin interface the serializer implements. */
export interface SnapshotSerializer {
  /**
   * True when the serializer handles `value`.
   * @param value any value jest prints
   */
  test(value: unknown): boolean;
  /**
   * Prints `value` with the placeholder, delegating the formatting back to jest.
   * @param value the value, a string holding an asset hash
   * @param config jest's printer config
   * @param indentation current indentation
   * @param depth current depth
   * @param refs objects already printed
   * @param printer jest's printer
   */
  serialize(
    value: unknown,
    config: any, // eslint-disable-line @typescript-eslint/no-explicit-any -- jest's printer config, passed through
    indentation: string,
    depth: number,
    refs: any, // eslint-disable-line @typescript-eslint/no-explicit-any -- jest's refs, passed through
    printer: (value: unknown, config: any, indentation: string, depth: number, refs: any) => string, // eslint-disable-line @typescript-eslint/no-explicit-any
  ): string;
}

/**
 * Replaces asset hashes (for example the handler bundle's `S3Key`) with `[ASSET-HASH]` in jest snapshots, so a
 * snapshot of a stack that uses these constructs changes only when the template itself does.
 *
 * @example
 * import { assetHashSerializer } from 'atlas-encryption-at-rest/cdk';
 * expect.addSnapshotSerializer(assetHashSerializer);
 * expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
 */
export const assetHashSerializer: SnapshotSerializer = {
  test: (value) => typeof value === 'string' && new RegExp(ASSET_HASH.source).test(value),
  serialize: (value, config, indentation, depth, refs, printer) =>
    printer((value as string).replace(ASSET_HASH, ASSET_HASH_PLACEHOLDER), config, indentation, depth, refs),
};
