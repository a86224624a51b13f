import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Variables of the developer's shell that must not leak into a process under test. */
const CLEARED = [
  'DATABASE_URL',
  'DATA_DIR',
  'ADMIN_API_KEY',
  'OPENAI_API_KEY',
  'REDIS_URL',
  'METRICS_TOKEN',
  'PORT',
  'NODE_ENV',
  'WEB_CONCURRENCY',
];

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !CLEARED.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export function run(command: string, args: string[], options: SpawnOptions): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output += String(error);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForHttp(url: string, process: Running, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`exited before ${url} answered:\n${process.output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await process.stop('SIGKILL');
  throw new Error(`${url} did not answer in time:\n${process.output()}`);
}
