/**
 * The `Spec` property every custom resource carries (lib/cdk/custom-resources/properties.ts): parsing it back from
 * the JSON string the construct wrote, and the delete policy it names.
 */
import { PROJECT_CONTEXT, type BaseSpec } from '../../custom-resources/properties';
import { InvalidRequestError } from './errors';
import type { SpecProperties } from './events';

/**
 * Parses `ResourceProperties.Spec` and checks the base fields. A resource whose construct wrote the project fields
 * as the `Project` property (PROJECT_CONTEXT) gets them from there; the Spec's own fields win.
 */
export function parseSpec<T extends BaseSpec>(
  props: SpecProperties | undefined,
  what: string,
  required: readonly string[] = [],
): T {
  if (!props || typeof props.Spec !== 'string') {
    throw new InvalidRequestError(
      `${what}: ResourceProperties.Spec is missing (expected the JSON string the construct writes)`,
    );
  }
  let spec: unknown;
  try {
    spec = JSON.parse(props.Spec);
  } catch {
    throw new InvalidRequestError(`${what}: ResourceProperties.Spec is not valid JSON`);
  }
  if (!spec || typeof spec !== 'object') throw new InvalidRequestError(`${what}: Spec is not an object`);
  const s = { ...projectContext(props, what), ...(spec as Record<string, unknown>) };
  for (const key of ['projectId', 'credentialsSecretArn', ...required]) {
    if (s[key] === undefined || s[key] === null || s[key] === '') {
      throw new InvalidRequestError(`${what}: Spec.${key} is required`);
    }
  }
  if (s.deletePolicy !== undefined && s.deletePolicy !== 'RETAIN' && s.deletePolicy !== 'DESTROY') {
    throw new InvalidRequestError(
      `${what}: Spec.deletePolicy must be RETAIN or DESTROY (got ${JSON.stringify(s.deletePolicy)})`,
    );
  }
  return s as unknown as T;
}

/** The `Project` property's fields, or none when the construct wrote them in the Spec. */
function projectContext(props: SpecProperties, what: string): Record<string, unknown> {
  const raw = props[PROJECT_CONTEXT];
  if (raw === undefined) return {};
  let context: unknown;
  try {
    context = typeof raw === 'string' ? JSON.parse(raw) : undefined;
  } catch {
    // Falls through to the error below.
  }
  if (!context || typeof context !== 'object') {
    throw new InvalidRequestError(
      `${what}: ResourceProperties.${PROJECT_CONTEXT} is not the JSON object the project encryption returns`,
    );
  }
  return context as Record<string, unknown>;
}

/** True when the spec asks Delete to remove the Atlas object. Anything else retains (data-safety invariant 1). */
export function isDestroy(spec: BaseSpec): boolean {
  return spec.deletePolicy === 'DESTROY';
}
