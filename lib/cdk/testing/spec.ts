/* eslint-disable @typescript-eslint/no-explicit-any -- reads synthesized template JSON */
/**
 * Reads the deploy-time settings of this library's custom resources from a synthesized template. Each resource
 * carries every setting in one property, `Spec`: a JSON string, or an `Fn::Join` when a setting is a token (a key
 * ARN, a secret ARN). `Template.hasResourceProperties` cannot look inside it; these helpers parse it.
 */
import { Match, Matcher, Template } from 'aws-cdk-lib/assertions';

/** A parsed `Spec`: the settings the deploy-time handler receives, with tokens shown as placeholders. */
export type SpecJson = Record<string, any>;

/** Renders an intrinsic as a readable placeholder: `<AwsKeyB4870BEE.Arn>`, `<Ref:X>`, or its JSON with `'` quotes. */
function placeholder(part: any): string {
  if (Array.isArray(part?.['Fn::GetAtt'])) return `<${part['Fn::GetAtt'].join('.')}>`;
  if (typeof part?.Ref === 'string') return `<Ref:${part.Ref}>`;
  return `<${JSON.stringify(part).replace(/"/g, "'")}>`;
}

/** Joins the parts of an `Fn::Join` into JSON text: a token inside a JSON string becomes a placeholder there, one outside a string becomes a string. */
function joinParts(parts: readonly unknown[]): string {
  let text = '';
  let inString = false;
  for (const part of parts) {
    if (typeof part !== 'string') {
      text += inString ? placeholder(part) : JSON.stringify(placeholder(part));
      continue;
    }
    for (let i = 0; i < part.length; i++) {
      if (part[i] === '\\' && inString) i++;
      else if (part[i] === '"') inString = !inString;
    }
    text += part;
  }
  return text;
}

/**
 * Parses the `Spec` of one custom resource of this library, as found in a template (`Template.findResources`) or
 * its `Properties`.
 * @param resource a template resource (`{ Type, Properties: { ServiceToken, Spec } }`) or its `Properties`
 * @returns the settings, tokens replaced by placeholders such as `<AwsKeyB4870BEE.Arn>` or `<Ref:Param>`
 */
export function specOf(resource: Record<string, any>): SpecJson {
  const spec = resource?.Properties?.Spec ?? resource?.Spec;
  if (typeof spec === 'string') return JSON.parse(spec);
  const join = spec?.['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) return JSON.parse(joinParts(join[1]));
  throw new Error(
    `specOf: not a resource of atlas-encryption-at-rest (got Spec ${JSON.stringify(spec)}; allowed: a JSON string or an Fn::Join of one)`,
  );
}

/** `expected` as a matcher: a Matcher as is, anything else as `Match.objectLike` (the default of `Template`). */
function matcherOf(expected: object): Matcher {
  return Matcher.isMatcher(expected) ? expected : Match.objectLike(expected as Record<string, unknown>);
}

/**
 * The parsed `Spec` of every resource of a type, by logical id; with `expected`, only those that match it.
 * @param template the synthesized template, e.g. `Template.fromStack(stack)`
 * @param type the resource type, e.g. `Custom::AtlasEncryptedCluster` (see `AtlasResourceType`)
 * @param expected a partial spec (matched like `Match.objectLike`) or any `Match` matcher
 */
export function findSpecs(template: Template, type: string, expected?: object): Record<string, SpecJson> {
  const found: Record<string, SpecJson> = {};
  for (const [id, resource] of Object.entries(template.findResources(type))) {
    const spec = specOf(resource);
    if (expected === undefined || !matcherOf(expected).test(spec).hasFailed()) found[id] = spec;
  }
  return found;
}

/**
 * Asserts that a resource of a type has a `Spec` matching `expected`, as `Template.hasResourceProperties` does for
 * ordinary properties; throws with the closest mismatches otherwise.
 * @param template the synthesized template
 * @param type the resource type, e.g. `Custom::AtlasEncryptedCluster`
 * @param expected a partial spec (matched like `Match.objectLike`) or any `Match` matcher
 *
 * @example
 * hasSpec(Template.fromStack(stack), AtlasResourceType.ENCRYPTED_CLUSTER, { clusterName: 'orders' });
 */
export function hasSpec(template: Template, type: string, expected: object): void {
  const resources = Object.entries(template.findResources(type));
  if (resources.length === 0) throw new Error(`hasSpec: the template has no resource of type ${type}`);
  const failures: string[] = [];
  for (const [id, resource] of resources) {
    const result = matcherOf(expected).test(specOf(resource));
    if (!result.hasFailed()) return;
    failures.push(
      `${id}:\n${result
        .toHumanStrings()
        .map((s) => `  ${s}`)
        .join('\n')}`,
    );
  }
  throw new Error(`hasSpec: no ${type} has a Spec matching the expected one. Mismatches:\n${failures.join('\n')}`);
}
