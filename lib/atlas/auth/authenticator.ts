/** How a request gets its `Authorization` header: the one interface Digest and service-account auth share. */

/** Sends the request with this `Authorization` header (none when undefined). */
export type SendWithAuthorization = (authorization: string | undefined) => Promise<Response>;

/** Authenticates requests, answering at most one auth challenge (Digest 401, expired Bearer token) per attempt. */
export interface RequestAuthenticator {
  /** Sends the request through `send`, with credentials; resolves the final response. */
  exchange(method: string, uri: string, send: SendWithAuthorization): Promise<Response>;
  /** Secret values it holds now (key, client secret, current token), to remove from error text. */
  secrets(): string[];
}
