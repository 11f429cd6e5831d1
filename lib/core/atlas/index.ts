/**
 * Atlas's own vocabulary, in one place: the wire shapes of the Admin API v2 calls the library makes, the
 * per-provider names, and their translation into the core model. Pure: no network, no engine.
 */
export * from './wire';
export * from './providers';
export * from './cluster';
export * from './key-history';
export * from './key-identity';
export * from './own-constructs';
