import * as oidc from 'openid-client';
import type { Claims } from './sso-claims';

/**
 * The only file that imports `openid-client` (ESM-only: the bundled API require()s it on Node 22.12+,
 * Jest cannot load it, so unit specs never import this file; e2e tests cover it against a real provider).
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: string;
  allowInsecureHttp: boolean;
}

/** What the login cookie must remember between /auth/login and /auth/callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
}

export interface CompletedLogin {
  /** ID token claims merged with UserInfo (UserInfo wins, as it is the fresher source). */
  claims: Claims;
  idToken: string;
}

export const OIDC_PROTOCOL = Symbol('OIDC_PROTOCOL');

export class OidcProtocol {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  /** Discovery once, on first use (a provider down at start-up must not stop the API); retried after a failure. */
  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret, allowInsecureHttp } = this.settings;
      this.configuration = oidc
        .discovery(new URL(issuer), clientId, clientSecret, undefined, {
          execute: allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        })
        .then((config) => {
          // Check the ID token's signature against the provider's JWKS too (not only TLS to the token endpoint).
          oidc.enableNonRepudiationChecks(config);
          return config;
        });
      this.configuration.catch(() => (this.configuration = null));
    }
    return this.configuration;
  }

  async startLogin(): Promise<{ url: string; pending: PendingLogin }> {
    const config = await this.config();
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code and validates the ID token (signature, issuer, audience, expiry, nonce); throws on any failure. */
  async finishLogin(callbackUrl: URL, pending: PendingLogin): Promise<CompletedLogin> {
    const config = await this.config();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new Error('The provider returned no ID token');
    let userInfo: Claims = {};
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      userInfo = (await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)) as Claims;
    }
    return { claims: { ...(idClaims as Claims), ...userInfo }, idToken: tokens.id_token };
  }

  /** The provider's end-session URL, or null when it has none. */
  async endSessionUrl(idToken: string | null, postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return null;
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken) parameters['id_token_hint'] = idToken;
    return oidc.buildEndSessionUrl(config, parameters).href;
  }
}
