/** Test helpers for the cdktf engine: synthesize a scope and look resources up by type. */
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';

/** Synthesized Terraform JSON of one stack. */
export interface SynthJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, unknown[]>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, Record<string, unknown>>;
}

/** A fresh app and stack. */
export function newStack(): TerraformStack {
  const app = Testing.app();
  return new TerraformStack(app, 'test');
}

/** Builds constructs with `fn` inside a fresh stack and returns the parsed synth JSON. */
export function synth(fn: (scope: Construct) => void): SynthJson {
  return JSON.parse(Testing.synthScope(fn)) as SynthJson;
}

/** Parsed synth JSON of an existing stack. */
export function synthStack(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** Every resource body of a type, keyed by logical id. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type (fails when there is not exactly one). */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> & { logicalId: string } {
  const all = Object.entries(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  const [logicalId, body] = all[0];
  return { ...body, logicalId };
}

/** The `${type.logicalId}` prefix a reference to a resource starts with. */
export function ref(type: string, logicalId: string, attr: string): string {
  return `\${${type}.${logicalId}.${attr}}`;
}

/** Every string value anywhere in `value`. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

export { App };
