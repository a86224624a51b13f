/** `GET /config.json`: runtime configuration of the dashboard (one build, every environment). */
export interface DashboardConfig {
  /** Base URL of the API; empty string = same origin as the dashboard. Never a path. */
  apiBaseUrl: string;
  /** Single sign-on: present when the API is an OpenID Connect client (OIDC_ISSUER_URL set). */
  sso?: {
    /** "Sign in with <providerName>". */
    providerName: string;
  };
  /** Whether the sign-in page offers the pasted API key (AUTH_API_KEY_SIGNIN); absent means true. */
  apiKeySignIn?: boolean;
}
