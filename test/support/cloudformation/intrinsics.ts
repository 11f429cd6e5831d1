/**
 * Intrinsic functions and pseudo parameters (AWS docs, "Intrinsic function reference" and "Pseudo parameters
 * reference"): Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::Base64, AWS::NoValue. Anything
 * else throws, so a template the simulator cannot read fails loudly instead of deploying something else.
 */
import type { CfnTemplate } from './template';

const NO_VALUE = Symbol('AWS::NoValue');

/** What resolution needs from the stack. */
export interface ResolverContext {
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly template: CfnTemplate;
  /** Ref of a resource. */
  physicalId(logicalId: string): string;
  /** Fn::GetAtt of a resource. */
  attribute(logicalId: string, attr: string): string;
}

function pseudo(ctx: ResolverContext, name: string): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return ctx.account;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return ctx.stackId;
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}

/** Resolves every intrinsic in `value`. */
export function resolveIntrinsics(value: unknown, ctx: ResolverContext): unknown {
  const template = ctx.template;
  const rec = (v: unknown): unknown => resolveIntrinsics(v, ctx);
  if (Array.isArray(value)) return value.map(rec).filter((v) => v !== NO_VALUE);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [k, v] = entries[0];
    switch (k) {
      case 'Ref': {
        const p = pseudo(ctx, String(v));
        if (p !== undefined) return p;
        if (template.Parameters?.[String(v)]) return template.Parameters[String(v)].Default;
        if (!template.Resources[String(v)]) throw new Error(`Ref to unknown ${String(v)}`);
        return ctx.physicalId(String(v));
      }
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(v) ? v : String(v).split(/\.(.*)/);
        return ctx.attribute(String(id), String(attr));
      }
      case 'Fn::Join': {
        const [sep, parts] = v as [string, unknown[]];
        return (rec(parts) as unknown[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [i, list] = v as [unknown, unknown];
        return (rec(list) as unknown[])[Number(rec(i))];
      }
      case 'Fn::Split': {
        const [sep, s] = v as [string, unknown];
        return String(rec(s)).split(sep);
      }
      case 'Fn::Base64':
        return Buffer.from(String(rec(v))).toString('base64');
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(v) ? (v as [string, Record<string, unknown>]) : [String(v), {}];
        const resolvedVars = rec(vars ?? {}) as Record<string, unknown>;
        return text.replace(/\$\{([^}]+)\}/g, (whole, expr: string) => {
          if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
          if (expr in resolvedVars) return String(resolvedVars[expr]);
          const p = pseudo(ctx, expr);
          if (typeof p === 'string') return p;
          const [id, attr] = expr.split(/\.(.*)/);
          if (attr) return ctx.attribute(id, attr);
          if (template.Resources[id]) return String(rec({ Ref: id }));
          throw new Error(`Fn::Sub: cannot resolve ${whole}`);
        });
      }
      default:
        if (k.startsWith('Fn::')) throw new Error(`intrinsic ${k} is not supported by the simulator`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const r = rec(v);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}
