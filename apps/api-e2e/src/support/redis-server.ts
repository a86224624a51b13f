import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '@stress/e2e-support';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** Answers PING at host:port within a second. */
function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * A Redis for tests: TEST_REDIS_URL when set, else the machine's Redis on 127.0.0.1:6379,
 * else a throw-away `redis-server` on a free port (nothing persisted).
 */
export async function startRedisServer(): Promise<RedisServer> {
  const configured = process.env['TEST_REDIS_URL'];
  if (configured) return { url: configured, stop: async () => undefined };
  if (await answersPing('127.0.0.1', 6379)) return { url: 'redis://127.0.0.1:6379', stop: async () => undefined };

  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(
        new Error(`No Redis at 127.0.0.1:6379 and redis-server could not start (${error.message}): install Redis or set TEST_REDIS_URL.`),
      ),
    ),
  );
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([answersPing('127.0.0.1', port), failed]))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer within 10 s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
