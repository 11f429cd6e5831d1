/**
 * Named errors of the deploy-time handler. The Provider framework fails the resource with the message,
 * so every message says what is wrong, cites the rule id where one applies, and what to do.
 * Messages never carry secret values: the entry point redacts them once more before rethrowing.
 */
import type { RuleId } from '../../../core/catalogue/rule-registry';

/** Base class: every deliberate handler failure. */
export class HandlerError extends Error {
  /** Rule id the failure enforces, when there is one (e.g. `DEP-DIS-1`). */
  public readonly ruleId?: RuleId;

  constructor(message: string, ruleId?: RuleId) {
    super(ruleId && !message.startsWith(`[${ruleId}]`) ? `[${ruleId}] ${message}` : message);
    this.name = new.target.name;
    this.ruleId = ruleId;
  }
}

/** The event or its `Spec` is malformed (a library or template bug). */
export class InvalidRequestError extends HandlerError {}

/** A secret could not be read or has the wrong shape. The message names the ARN, never the value. */
export class SecretError extends HandlerError {}

/** Live Atlas state conflicts with the spec (e.g. a provider enabled with another key, DEP-EAR-1). */
export class ConflictError extends HandlerError {}

/** A teardown or disable was refused because data would become unreadable (DEP-DIS-1, DEP-KEEP-1). */
export class UnsafeChangeError extends HandlerError {}

/** The key configuration is not valid in Atlas (DEP-VAL-1, DEP-KEY-1). */
export class KeyValidationError extends HandlerError {}

/** An Atlas object this resource needs does not exist. */
export class NotFoundError extends HandlerError {}
