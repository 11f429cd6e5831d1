/**
 * The jest snapshot serializer for stacks that use these constructs: asset hashes become a placeholder, and each
 * custom resource's `Spec` JSON string is printed parsed, one setting per line, so a one-setting change is a
 * one-line snapshot diff.
 */
import { assetHashSerializer, SnapshotSerializer } from './snapshot-serializer';
import { specOf } from './spec';

/** A parsed `Spec` as printed in snapshots: its class name tells the reader that the template holds it as JSON text. */
export class JsonSpec {
  /** @param spec the parsed settings, copied onto the instance */
  constructor(spec: Record<string, unknown>) {
    Object.assign(this, spec);
  }
}

/** `Properties` of one of this library's custom resources: a service token and a `Spec` string or `Fn::Join`. */
function isSpecProperties(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || !('ServiceToken' in value) || !('Spec' in value)) return false;
  const spec = (value as { Spec: unknown }).Spec;
  return (
    (typeof spec === 'string' && spec.startsWith('{')) ||
    (typeof spec === 'object' && spec !== null && 'Fn::Join' in spec)
  );
}

/**
 * Asset hashes as `[ASSET-HASH]` and every `Spec` parsed. Use it with `expect.addSnapshotSerializer(snapshotSerializer)`,
 * or list `atlas-encryption-at-rest/cdk/testing/jest-serializer` in jest's `snapshotSerializers`.
 *
 * @example
 * import { snapshotSerializer } from 'atlas-encryption-at-rest/cdk/testing';
 * expect.addSnapshotSerializer(snapshotSerializer);
 * expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
 */
export const snapshotSerializer: SnapshotSerializer = {
  test: (value) => assetHashSerializer.test(value) || isSpecProperties(value),
  serialize: (value, config, indentation, depth, refs, printer) => {
    if (!isSpecProperties(value))
      return assetHashSerializer.serialize(value, config, indentation, depth, refs, printer);
    let parsed: Record<string, unknown>;
    try {
      parsed = specOf({ Spec: value.Spec });
    } catch {
      // Not JSON after all: print it as it is (asset hashes still replaced).
      return printer({ ...value, Spec: value.Spec }, config, indentation, depth, refs);
    }
    return printer({ ...value, Spec: new JsonSpec(parsed) }, config, indentation, depth, refs);
  },
};
