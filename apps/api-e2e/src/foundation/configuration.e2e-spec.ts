import { createTestDatabase, runApiCommand } from '@stress/e2e-support';

describe('configuration validation at start-up', () => {
  it.each([
    [{ PORT: 'eighty' }, /PORT \(got "eighty"\): must be a whole number/],
    [{ THROTTLE_LIMIT: '-5' }, /THROTTLE_LIMIT .*must be at least 1/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL .*must be one of/],
    [{ CORS_ORIGINS: 'https://ok.example.com,not a url' }, /CORS_ORIGINS/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL: must be a PostgreSQL URL/],
    [{ NODE_ENV: 'production', DATABASE_URL: undefined }, /DATABASE_URL: is required when NODE_ENV=production/],
    [{ BODY_LIMIT: 'lots' }, /BODY_LIMIT .*must be a size/],
  ])('refuses %j with a message naming the variable', async (env, message) => {
    const result = await runApiCommand([], { NODE_ENV: 'test', ...env });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(message);
    expect(result.output).toMatch(/README/);
    expect(result.output).not.toMatch(/\n\s+at /);
  });

  it('`migrate` applies the migrations and exits 0; a second run has nothing to do', async () => {
    const database = await createTestDatabase();
    try {
      const first = await runApiCommand(['migrate'], { NODE_ENV: 'test', ...database.env });
      expect(first.output).toMatch(/Applied \d+ migration/);
      expect(first.code).toBe(0);
      const second = await runApiCommand(['migrate'], { NODE_ENV: 'test', ...database.env });
      expect(second.code).toBe(0);
      expect(second.output).not.toMatch(/Applied/);
      expect(second.output).toMatch(/up to date/);
    } finally {
      await database.drop();
    }
  });
});
