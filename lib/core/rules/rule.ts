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
 * wrote in another shape than the rules read, e.g. a cluster of MongoDB's own constructs.
 */
export function renameProps(result: RuleResult, rename: (prop: string) => string): RuleResult {
  const head = (id: string, subject: string, prop: string) => `[${id}] ${subject} ${prop}`;
  const fix = <T extends { ruleId: string; subject: string; prop: string; message: string }>(x: T): T => {
    const prop = rename(x.prop);
    const old = head(x.ruleId, x.subject, x.prop);
    const message = x.message.startsWith(old) ? head(x.ruleId, x.subject, prop) + x.message.slice(old.length) : x.message;
    return { ...x, prop, message };
  };
  return { violations: result.violations.map(fix), deferred: result.deferred.map(fix) };
}
