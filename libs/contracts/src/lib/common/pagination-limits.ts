/**
 * Page sizes of every list endpoint. In their own file (no decorators), so the dashboard can use
 * them as values without pulling the decorated DTO classes, which need reflect-metadata, into the browser.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
