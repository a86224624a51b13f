import { pendingAuditEvents, resourceIdOf } from './audit-context';

describe('resourceIdOf', () => {
  it('names what a change returned by its id, else its name', () => {
    expect(resourceIdOf({ id: 'b9a0', name: 'ignored' }, { id: 'route' })).toBe('b9a0');
    expect(resourceIdOf({ id: 42 }, {})).toBe('42');
    expect(resourceIdOf({ name: 'stress-detector' }, {})).toBe('stress-detector');
  });

  it('falls back to the route parameters for a change that returns nothing (a deletion)', () => {
    expect(resourceIdOf(undefined, { name: 'stress-detector', version: '3' })).toBe('stress-detector/3');
    expect(resourceIdOf(7, { id: 'k1' })).toBe('k1');
    expect(resourceIdOf(undefined, {})).toBeNull();
    expect(resourceIdOf(null, undefined)).toBeNull();
  });
});

describe('pendingAuditEvents', () => {
  it('is seen by async work started inside the request, and by nothing outside it', async () => {
    const pending = {
      event: { actor: 'a', via: 'api-key' as const, action: 'change', method: 'POST', route: '/api/v1/x', status: 201, requestId: 'r' },
      params: {},
      recorded: false,
    };
    const inside = await pendingAuditEvents.run(pending, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return pendingAuditEvents.getStore();
    });
    expect(inside).toBe(pending);
    expect(pendingAuditEvents.getStore()).toBeUndefined();
  });
});
