/**
 * A synthesized CloudFormation template: its shape, loading it from a cloud assembly, and the dependency graph
 * CloudFormation derives from it (Ref, Fn::GetAtt, Fn::Sub and DependsOn; AWS docs, "DependsOn attribute":
 * a resource that references another through Ref or Fn::GetAtt is created after it and deleted before it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CloudFormation template as JSON. */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { Default?: unknown }>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, unknown>;
}

/** A template resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** Whether a resource type is served by a custom-resource provider. */
export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** Loads `<cdkOut>/<stackName>.template.json`. */
export function loadTemplate(cdkOut: string, stackName: string): CfnTemplate {
  return JSON.parse(readFileSync(join(cdkOut, `${stackName}.template.json`), 'utf8')) as CfnTemplate;
}

/** Logical ids referenced by Ref / Fn::GetAtt / Fn::Sub anywhere in `value`. */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedIds(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const s = Array.isArray(v) ? v[0] : v;
        for (const m of String(s).matchAll(/\$\{([^}!.]+)(\.[^}]+)?\}/g)) out.add(m[1]);
        if (Array.isArray(v)) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}

/** Each resource's direct dependencies (resources of the same template only). */
export function dependencies(template: CfnTemplate): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  for (const [id, r] of Object.entries(template.Resources)) {
    const d = referencedIds(r.Properties);
    for (const x of r.DependsOn === undefined ? [] : ([] as string[]).concat(r.DependsOn)) d.add(x);
    deps.set(id, new Set([...d].filter((x) => x in template.Resources && x !== id)));
  }
  return deps;
}

/** Resources in dependency order (Kahn's algorithm, ties by template order); throws on a cycle. */
export function dependencyOrder(template: CfnTemplate): string[] {
  const ids = Object.keys(template.Resources);
  const deps = dependencies(template);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && [...deps.get(id)!].every((d) => done.has(d)));
    if (!next) throw new Error(`dependency cycle among ${ids.filter((id) => !done.has(id)).join(', ')}`);
    order.push(next);
    done.add(next);
  }
  return order;
}
