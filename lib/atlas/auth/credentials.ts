/**
 * The credentials the Atlas client authenticates with. Named for the Atlas Admin API so it is not confused
 * with the construct-side credential *secret* (lib/cdk/credentials.ts), which only names where these live.
 */

/** Atlas Admin API credentials: a programmatic API key (HTTP Digest) or a service account (OAuth2 client credentials). */
export type AtlasApiCredentials =
  | {
      /** Programmatic API key, sent with HTTP Digest. */
      readonly type: 'apiKey';
      /** Public key (the Digest username). */
      readonly publicKey: string;
      /** Private key (the Digest password); never logged or echoed. */
      readonly privateKey: string;
    }
  | {
      /** Service account, exchanged for a 1-hour Bearer token. */
      readonly type: 'serviceAccount';
      /** Client id (`mdb_sa_id_…`). */
      readonly clientId: string;
      /** Client secret (`mdb_sa_sk_…`); never logged or echoed. */
      readonly clientSecret: string;
    };
