import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A real OpenID Provider for e2e tests: `oidc-provider` 9 (ESM-only) in its own process (`oidc-test-provider.mjs`,
 * beside this file). People sign in at its `/interaction/:uid` form with a `login` field naming one of its accounts.
 */
export interface TestProvider {
  issuer: string;
  stop(): Promise<void>;
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: string;
}

export async function startTestProvider(clients: TestClient[]): Promise<TestProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs'), JSON.stringify({ clients })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The test OpenID Provider did not start:\n${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /OIDC_TEST_PROVIDER (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The test OpenID Provider exited (${code}):\n${output}`)));
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
