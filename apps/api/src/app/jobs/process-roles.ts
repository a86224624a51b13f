/** What a process does (PROCESS_ROLES): serve HTTP requests, run durable jobs, or both. */
export type ProcessRole = 'api' | 'worker';

export function hasRole(roles: readonly string[], role: ProcessRole): boolean {
  return roles.includes(role);
}
