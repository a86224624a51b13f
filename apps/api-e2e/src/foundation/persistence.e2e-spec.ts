import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startApi } from '@stress/e2e-support';
import { createKey, http } from '../support/http';

describe('persistence across restarts', () => {
  it('keeps what was written when the process restarts on the same database', async () => {
    const database = await createTestDatabase();
    try {
      const first = await startApi({ database });
      const key = await createKey(first.url, first.adminKey, 'editor', 'survives-restart');
      expect(await first.stop()).toBe(0);

      const second = await startApi({ database, port: first.port });
      try {
        await http(second.url, key).get('/api/v1/auth/me').expect(200, { name: 'survives-restart', role: 'editor', via: 'api-key' });
        const listed = await http(second.url, second.adminKey).get('/api/v1/api-keys').expect(200);
        expect(listed.body.items.map((item: { name: string }) => item.name)).toContain('survives-restart');
      } finally {
        await second.stop();
      }
    } finally {
      await database.drop();
    }
  });

  describe('embedded database without ADMIN_API_KEY', () => {
    let dataDir: string;
    beforeAll(async () => (dataDir = await mkdtemp(join(tmpdir(), 'sam-embedded-'))));
    afterAll(async () => rm(dataDir, { recursive: true, force: true }));

    it('creates an admin key at first start, prints it once with a sign-in link, and keeps it', async () => {
      const database = { kind: 'embedded' as const, env: { DATA_DIR: dataDir }, url: null, drop: async () => undefined };
      const first = await startApi({ database, env: { ADMIN_API_KEY: undefined } });
      // The banner is written right after listening, possibly after the probe answered.
      const signIn = /Sign in: +http:\/\/localhost:(\d+)\/signin#key=(sam_[A-Za-z0-9_-]{43})/;
      const match = signIn.exec(await first.waitForOutput(signIn));
      expect(match).not.toBeNull();
      expect(Number(match?.[1])).toBe(first.port);
      const key = match?.[2] ?? '';
      await http(first.url, key)
        .get('/api/v1/auth/me')
        .expect(200, { name: 'admin (created at first start)', role: 'admin', via: 'api-key' });
      // The key appears in the banner only, never in a JSON log line.
      const logLinesWithKey = first
        .output()
        .split('\n')
        .filter((line) => line.includes(key) && line.startsWith('{'));
      expect(logLinesWithKey).toEqual([]);
      expect(await first.stop()).toBe(0);

      const second = await startApi({ database, env: { ADMIN_API_KEY: undefined }, port: first.port });
      try {
        // The banner's place: it says the key was printed before, and prints no key.
        await second.waitForOutput(/printed at first start/);
        expect(second.output()).not.toContain('signin#key=');
        await http(second.url, key).get('/api/v1/auth/me').expect(200);
      } finally {
        await second.stop();
      }
    });

    it('refuses a second process on the same DATA_DIR with an actionable message', async () => {
      const database = { kind: 'embedded' as const, env: { DATA_DIR: dataDir }, url: null, drop: async () => undefined };
      const first = await startApi({ database });
      try {
        await expect(startApi({ database })).rejects.toThrow(/in use by process \d+/);
      } finally {
        await first.stop();
      }
    });
  });
});
