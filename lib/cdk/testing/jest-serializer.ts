/**
 * {@link snapshotSerializer} as a module jest can load by path: list
 * `atlas-encryption-at-rest/cdk/testing/jest-serializer` in jest's `snapshotSerializers`. Jest requires the module
 * and uses its `test` and `serialize` exports as the serializer.
 * @packageDocumentation
 */
import { snapshotSerializer } from './serializer';

/** True when the serializer handles `value` (jest's serializer interface). */
export const test = snapshotSerializer.test;
/** Prints `value` (jest's serializer interface). */
export const serialize = snapshotSerializer.serialize;
