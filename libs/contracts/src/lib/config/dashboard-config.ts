/** `GET /config.json`: runtime configuration of the dashboard (one build, every environment). */
export interface DashboardConfig {
  /** Base URL of the API; empty string = same origin as the dashboard. Never a path. */
  apiBaseUrl: string;
}
