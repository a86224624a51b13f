import { ApiKeyRole } from '@stress/contracts';
import { cookieValue, identityFromClaims, roleFromClaims, safeNextPath } from './sso-claims';

const GRAFANA_STYLE = "contains(groups[*], 'ml-admins') && 'admin' || contains(groups[*], 'ml-team') && 'editor' || 'viewer'";
const STRICT_TEAMS = "contains(groups[*], 'ml-admins') && 'admin' || contains(groups[*], 'ml-team') && 'editor'";

describe('roleFromClaims', () => {
  it.each([
    [['ml-admins', 'ml-team'], ApiKeyRole.Admin],
    [['ml-team'], ApiKeyRole.Editor],
    [['sales'], ApiKeyRole.Viewer],
    [[], ApiKeyRole.Viewer],
  ])('maps groups %j to %s with the issue’s example expression', (groups, role) => {
    expect(roleFromClaims({ sub: 'a', groups }, { expression: GRAFANA_STYLE, strict: true })).toBe(role);
  });

  it('refuses a person matching no role in strict mode and makes them a viewer otherwise', () => {
    const claims = { sub: 'a', groups: ['sales'] };
    expect(roleFromClaims(claims, { expression: STRICT_TEAMS, strict: true })).toBeNull();
    expect(roleFromClaims(claims, { expression: STRICT_TEAMS, strict: false })).toBe(ApiKeyRole.Viewer);
  });

  it('treats an expression that fails on the claims (no groups claim) as no role instead of an error', () => {
    expect(roleFromClaims({ sub: 'a' }, { expression: STRICT_TEAMS, strict: true })).toBeNull();
    expect(roleFromClaims({ sub: 'a' }, { expression: GRAFANA_STYLE, strict: true })).toBeNull();
    expect(roleFromClaims({ sub: 'a' }, { expression: GRAFANA_STYLE, strict: false })).toBe(ApiKeyRole.Viewer);
    // The documented guard for providers that omit an empty groups claim: default it to an empty list.
    const guarded = "contains(groups || `[]`, 'ml-admins') && 'admin' || 'viewer'";
    expect(roleFromClaims({ sub: 'a' }, { expression: guarded, strict: true })).toBe(ApiKeyRole.Viewer);
    expect(roleFromClaims({ sub: 'a', groups: ['ml-admins'] }, { expression: guarded, strict: true })).toBe(ApiKeyRole.Admin);
  });

  it('accepts only the three role names, in any case', () => {
    expect(roleFromClaims({ r: 'ADMIN' }, { expression: 'r', strict: true })).toBe(ApiKeyRole.Admin);
    expect(roleFromClaims({ r: 'root' }, { expression: 'r', strict: true })).toBeNull();
    expect(roleFromClaims({ r: ['admin'] }, { expression: 'r', strict: true })).toBeNull();
    expect(roleFromClaims({ r: 1 }, { expression: 'r', strict: true })).toBeNull();
  });

  it('reads nested claims such as Keycloak realm roles', () => {
    const claims = { realm_access: { roles: ['offline_access', 'monitoring-editor'] } };
    const expression = "contains(realm_access.roles, 'monitoring-editor') && 'editor'";
    expect(roleFromClaims(claims, { expression, strict: true })).toBe(ApiKeyRole.Editor);
  });

  it('makes everyone a viewer without an expression', () => {
    expect(roleFromClaims({ sub: 'a' }, { strict: true })).toBe(ApiKeyRole.Viewer);
  });
});

describe('identityFromClaims', () => {
  const names = { email: 'email', name: 'name' };

  it('uses the configured claims', () => {
    expect(identityFromClaims({ sub: 's1', email: 'ana@example.com', name: 'Ana Lima' }, names)).toEqual({
      subject: 's1',
      email: 'ana@example.com',
      name: 'Ana Lima',
    });
    expect(identityFromClaims({ sub: 's1', upn: 'ana@corp', display: 'Ana' }, { email: 'upn', name: 'display' })).toEqual({
      subject: 's1',
      email: 'ana@corp',
      name: 'Ana',
    });
  });

  it('falls back to preferred_username, then the subject, when the email claim is missing', () => {
    expect(identityFromClaims({ sub: 's2', preferred_username: 'bob@corp.example' }, names)).toEqual({
      subject: 's2',
      email: 'bob@corp.example',
      name: 'bob@corp.example',
    });
    expect(identityFromClaims({ sub: 's3', email: '  ' }, names)).toEqual({ subject: 's3', email: 's3', name: 's3' });
  });

  it('refuses claims without a subject', () => {
    expect(identityFromClaims({ email: 'x@example.com' }, names)).toBeNull();
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/models/stress-detector', '/models/stress-detector'],
    ['/models/a?tab=drift#top', '/models/a?tab=drift#top'],
    ['https://evil.example', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/a\nb', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/a'], '/'],
  ])('%j → %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe('cookieValue', () => {
  it('finds a cookie among others', () => {
    expect(cookieValue('a=1; __Host-session=abc%3D; b=2', '__Host-session')).toBe('abc=');
    expect(cookieValue('a=1', '__Host-session')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });
});
