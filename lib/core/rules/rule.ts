/**
 * The shape every rule shares: a pure function that reads its input and reports violations
 * (or defers a check whose value is not known yet) through a {@link RuleReporter}.
 */
import { RuleId, RULES, Severity } from '../catalogue/rule-registry';
import { isUnresolved as defaultIsUnresolved, UnresolvedPredicate } from '../tokens';

/** One broken rule: which rule, which prop, what value, what is allowed. */
export interface Violation {
  /** Stable rule id, e.g. `SYN-TIER-1`. */
  readonly ruleId: RuleId;
  /** Error (fails synth) or warning: the registry's severity of the rule. */
  readonly severity: Severity;
  /** What the prop belongs to, e.g. `cluster "orders"` or `project encryption`. */
  readonly subject: string;
  /** Prop path, e.g. `regions[0].instanceSize`. */
  readonly prop: string;
  /** The offending value, as given (never a secret: secrets are not part of the model). */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly allowed: string;
  /** The full message: `[RULE] subject prop: problem (got value; allowed: …)`. */
  readonly message: string;
}

/** A check that could not run because its value is an unresolved token; the handler re-runs it at deploy time. */
export interface DeferredCheck {
  /** Rule that was deferred. */
  readonly ruleId: RuleId;
  /** What the prop belongs to. */
  readonly subject: string;
  /** Prop path whose value is unresolved. */
  readonly prop: string;
  /** Human-readable note. */
  readonly message: string;
}

/** Everything a validation run found. */
export interface RuleResult {
  /** Errors and warnings. */
  readonly violations: readonly Violation[];
  /** Checks skipped because a value is not known yet. */
  readonly deferred: readonly DeferredCheck[];
}

/** The engine a rule runs for: messages name props and hints as the user writes them there. */
export type Engine = 'aws-cdk-lib' | 'cdktf';

/** Options every validation entry point takes. */
export interface ValidationOptions {
  /**
   * The engine whose user reads the messages.
   * @default - engine-neutral wording
   */
  readonly engine?: Engine;
  /**
   * Tells whether a value is an unresolved engine token.
   * @default - recognises aws-cdk-lib and cdktf tokens
   */
  readonly isUnresolved?: UnresolvedPredicate;
}

/** Shows a value in a message: strings quoted, everything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Collects violations for one subject; rules call it, validation entry points own it. */
export class RuleReporter {
  private readonly found: Violation[] = [];
  private readonly skipped: DeferredCheck[] = [];
  private readonly unresolved: UnresolvedPredicate;
  /** The engine whose user reads the messages, if known. */
  public readonly engine: Engine | undefined;

  constructor(options: ValidationOptions = {}) {
    this.unresolved = options.isUnresolved ?? defaultIsUnresolved;
    this.engine = options.engine;
  }

  /** Picks the wording for the engine the user writes in. */
  public forEngine(words: {
    readonly 'aws-cdk-lib': string;
    readonly cdktf: string;
    readonly neutral: string;
  }): string {
    return this.engine ? words[this.engine] : words.neutral;
  }

  /** True when the value is an unresolved token. */
  public isUnresolved(value: unknown): boolean {
    return this.unresolved(value);
  }

  /**
   * Records that `prop` is unresolved and the rule is deferred; returns true so a rule can write
   * `if (r.deferIfUnresolved(...)) return;`.
   */
  public deferIfUnresolved(ruleId: RuleId, subject: string, prop: string, value: unknown): boolean {
    if (!this.unresolved(value)) return false;
    this.skipped.push({
      ruleId,
      subject,
      prop,
      message: `[${ruleId}] ${subject} ${prop} is not known at synth time; the check runs at deploy time`,
    });
    return true;
  }

  /**
   * Records a violation of `ruleId`, with the severity the registry gives it. `problem` says what is wrong;
   * `allowed` says what would be accepted.
   */
  public report(ruleId: RuleId, subject: string, prop: string, value: unknown, problem: string, allowed: string): void {
    const severity = RULES[ruleId].severity;
    const message = `[${ruleId}] ${subject} ${prop}: ${problem} (got ${showValue(value)}; allowed: ${allowed})`;
    this.found.push({ ruleId, severity, subject, prop, value, allowed, message });
  }

  /** The result so far. */
  public result(): RuleResult {
    return { violations: [...this.found], deferred: [...this.skipped] };
  }
}

/** Lists a few allowed values, then "…" when there are many. */
export function listAllowed(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, … (${values.length} values)` : shown;
}

/**
 * The result with every prop path renamed (violations and deferred checks, messages included), for input the user
 * wrote in another shape than the rules read, e.g. a cluster of MongoDB's own constructs. `words` renames the
 * library's prop names where a message's explanation or hint mentions them (never inside the value shown).
 */
export function renameProps(
  result: RuleResult,
  rename: (prop: string) => string,
  words: Readonly<Record<string, string>> = {},
): RuleResult {
  // One pass, longest word first, so a replacement is never rewritten again (`readOnlyNodeCount` vs `nodeCount`).
  const froms = Object.keys(words).sort((a, b) => b.length - a.length);
  const pattern = froms.length
    ? new RegExp(froms.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
    : undefined;
  const reword = (text: string) =>
    (pattern ? text.replace(pattern, (w) => words[w]) : text).replace(/\bregions\[(\d+)\]/g, (path) => rename(path));
  const violations = result.violations.map((v): Violation => {
    const prop = rename(v.prop);
    const head = `[${v.ruleId}] ${v.subject} ${v.prop}: `;
    const tail = ` (got ${showValue(v.value)}; allowed: ${v.allowed})`;
    if (!v.message.startsWith(head) || !v.message.endsWith(tail)) return { ...v, prop };
    const problem = v.message.slice(head.length, v.message.length - tail.length);
    const allowed = reword(v.allowed);
    const message = `[${v.ruleId}] ${v.subject} ${prop}: ${reword(problem)} (got ${showValue(v.value)}; allowed: ${allowed})`;
    return { ...v, prop, allowed, message };
  });
  const deferred = result.deferred.map((d): DeferredCheck => {
    const prop = rename(d.prop);
    const head = `[${d.ruleId}] ${d.subject} ${d.prop} `;
    return {
      ...d,
      prop,
      message: d.message.startsWith(head)
        ? `[${d.ruleId}] ${d.subject} ${prop} ${d.message.slice(head.length)}`
        : d.message,
    };
  });
  return { violations, deferred };
}
