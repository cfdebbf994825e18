// WeChat wire types: access tokens. Field names exactly as on the wire.

/** Body of `POST /cgi-bin/stable_token`. */
export interface StableTokenRequest {
  grant_type: 'client_credential';
  appid: string;
  secret: string;
  force_refresh?: boolean;
}

/** Response of both token endpoints. */
export interface TokenResponse {
  access_token: string;
  /** Seconds of remaining validity (≤ 7200). */
  expires_in: number;
}
