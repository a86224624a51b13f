import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOf, Dockerfile, effectiveInstructions, envOf, execForm, Instruction, parseDockerfile, Stage } from './support/dockerfile';
import { API_DIST, API_MAIN, fromRoot, ROOT } from './support/paths';
import { DatabaseServer, freePort, startDatabaseServer } from '@stress/e2e-support';
import { cleanEnv, run, waitForHttp } from './support/processes';

const api = parseDockerfile(fromRoot('docker/api.Dockerfile'));
const dashboard = parseDockerfile(fromRoot('docker/dashboard.Dockerfile'));
const packageJson = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};

const of = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((item) => item.keyword === keyword);
const stageNames = (file: Dockerfile): Array<string | null> => file.stages.map((stage) => stage.name);
/** An image reference pinned to an exact release (x.y.z[-variant]) or a digest; never `latest`. */
const PINNED_IMAGE = /^[a-z0-9./-]+(:\d+\.\d+\.\d+(-[a-z0-9.-]+)?|@sha256:[a-f0-9]{64})$/;

describe.each([
  ['api.Dockerfile', api],
  ['dashboard.Dockerfile', dashboard],
])('%s structure', (_name, file) => {
  it('is multi-stage and every external base image is pinned to an exact release', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(3);
    for (const stage of file.stages) {
      if (stageNames(file).includes(stage.base)) continue;
      expect(stage.base).toMatch(PINNED_IMAGE);
      expect(stage.base).not.toMatch(/:latest|:lts|:current/);
    }
  });

  it('uses a supported Node LTS line (even major, at least the engines minimum) for every Node stage', () => {
    const minimumMajor = Number(/(\d+)/.exec(packageJson.engines.node)?.[1]);
    const nodeBases = file.stages.map((stage) => stage.base).filter((base) => base.startsWith('node:'));
    expect(nodeBases.length).toBeGreaterThan(0);
    for (const base of nodeBases) {
      const major = Number(/^node:(\d+)\./.exec(base)?.[1]);
      expect(major % 2).toBe(0);
      expect(major).toBeGreaterThanOrEqual(Math.max(minimumMajor, 22));
    }
  });

  it('installs from the lockfile before copying the sources, so the dependency layer is cached', () => {
    for (const stage of file.stages) {
      const instructions = stage.instructions;
      const npmCi = instructions.findIndex((item) => item.keyword === 'RUN' && /\bnpm ci\b/.test(item.args));
      if (npmCi < 0) continue;
      const copies = instructions.slice(0, npmCi).filter((item) => item.keyword === 'COPY');
      expect(copies.map((item) => copyOf(item).sources).flat()).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
      expect(copies.every((item) => !copyOf(item).sources.includes('.'))).toBe(true);
    }
    const sourceCopy = file.stages.flatMap((stage) => of(stage, 'COPY')).find((item) => copyOf(item).sources.includes('.'));
    expect(sourceCopy).toBeDefined();
  });

  it('runs the final stage as a non-root user, with a HEALTHCHECK and no sources', () => {
    const users = of(file.final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]?.args ?? '';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(of(file.final, 'HEALTHCHECK')).toHaveLength(1);
    expect(of(file.final, 'COPY').every((item) => !copyOf(item).sources.includes('.'))).toBe(true);
  });
});

describe('api.Dockerfile', () => {
  const runtime = api.final;
  const runtimeEnv = envOf(runtime.instructions);

  it('has production dependencies only in the runtime stage', () => {
    const nodeModules = of(runtime, 'COPY').filter((item) => copyOf(item).sources.some((source) => source.includes('node_modules')));
    expect(nodeModules).toHaveLength(1);
    const from = copyOf(nodeModules[0] as Instruction).from ?? '';
    const installs = effectiveInstructions(api, api.stage(from)).filter((item) => item.keyword === 'RUN' && /\bnpm ci\b/.test(item.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]?.args).toMatch(/npm ci --omit=dev/);
  });

  it('copies the whole webpack output directory (main.js and every other entry, e.g. worker bundles)', () => {
    const built = of(runtime, 'COPY').filter((item) => copyOf(item).from === 'build');
    expect(built.map((item) => copyOf(item))).toEqual([{ from: 'build', sources: ['/app/dist/apps/api'], destination: './dist/apps/api' }]);
    // Every bundle the build emits lies inside that directory (nothing is written beside it).
    const entries = readdirSync(API_DIST).filter((name) => name.endsWith('.js'));
    expect(entries).toContain('main.js');
  });

  it('starts exactly like `npm run start:prod` and migrates like `npm run migrate`', () => {
    const cmd = execForm(of(runtime, 'CMD')[0]?.args ?? '');
    expect(cmd).toEqual(['node', 'dist/apps/api/main.js']);
    expect(runtimeEnv['NODE_ENV']).toBe('production');
    expect(packageJson.scripts['start:prod']).toBe(`NODE_ENV=production ${cmd.join(' ')}`);
    expect(packageJson.scripts['migrate']).toBe(`${cmd.join(' ')} migrate`);
    expect(of(runtime, 'WORKDIR').map((item) => item.args)).toEqual(['/app']);
    expect(of(runtime, 'ENTRYPOINT')).toHaveLength(0);
  });

  it('probes /health/live, and its build command is the Nx production build', () => {
    const probe = execForm(of(runtime, 'HEALTHCHECK')[0]?.args ?? '').join(' ');
    expect(probe).toMatch(/\/health\/live/);
    const builds = of(api.stage('build'), 'RUN').map((item) => item.args);
    expect(builds).toEqual(['npx nx build api --outputStyle=static']);
    expect(packageJson.scripts['build']).toMatch(/nx run-many -t build -p api dashboard/);
  });
});

describe('dashboard.Dockerfile', () => {
  it('serves the production build with unprivileged nginx on 8080 and renders its config at start', () => {
    expect(dashboard.final.base).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(of(dashboard.final, 'EXPOSE').map((item) => item.args)).toEqual(['8080']);
    expect(of(dashboard.stage('build'), 'RUN').map((item) => item.args)).toEqual([
      'npx nx build dashboard --configuration=production --outputStyle=static',
    ]);
    const copies = of(dashboard.final, 'COPY').map((item) => copyOf(item));
    expect(copies).toEqual(
      expect.arrayContaining([
        { from: 'build', sources: ['/app/dist/apps/dashboard/browser'], destination: '/usr/share/nginx/html' },
        { from: null, sources: ['docker/nginx/templates'], destination: '/etc/nginx/templates' },
        { from: null, sources: ['docker/nginx/nginx.conf'], destination: '/etc/nginx/nginx.conf' },
      ]),
    );
    // nginx's entrypoint sources /docker-entrypoint.d/*.envsh only when executable.
    const script = of(dashboard.final, 'COPY').find((item) => item.args.includes('.envsh'));
    expect(script?.args).toMatch(/--chmod=0?755 .*\/docker-entrypoint\.d\/\d\d-[\w-]+\.envsh$/);
    const env = envOf(dashboard.final.instructions);
    expect(env['API_UPSTREAM']).toMatch(/^http:\/\//);
    expect(execForm(of(dashboard.final, 'HEALTHCHECK')[0]?.args ?? '').join(' ')).toMatch(/127\.0\.0\.1:8080\/healthz/);
  });
});

describe('api image commands, run outside a container', () => {
  let database: DatabaseServer;
  let imageRoot: string;
  beforeAll(async () => {
    database = await startDatabaseServer();
    // Lay out /app as the runtime stage does: its COPY lines, node_modules from this checkout.
    imageRoot = mkdtempSync(join(tmpdir(), 'sam-image-'));
    for (const copy of of(api.final, 'COPY').map((item) => copyOf(item))) {
      if (copy.sources.some((source) => source.includes('node_modules'))) {
        symlinkSync(fromRoot('node_modules'), join(imageRoot, 'node_modules'));
      } else if (copy.from === 'build') {
        cpSync(fromRoot((copy.sources[0] ?? '').replace(/^\/app\//, '')), join(imageRoot, copy.destination), { recursive: true });
      } else {
        for (const source of copy.sources) cpSync(fromRoot(source), join(imageRoot, copy.destination, source), { recursive: true });
      }
    }
  });
  afterAll(async () => {
    await database?.stop();
    if (imageRoot) rmSync(imageRoot, { recursive: true, force: true });
  });

  it('the build stage command runs here and produces the bundle the image copies', () => {
    const command = of(api.stage('build'), 'RUN')[0]?.args ?? '';
    // Nx answers from its cache when the e2e/test dependency already built the API.
    execFileSync('sh', ['-c', command], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, stdio: 'pipe' });
    expect(readFileSync(API_MAIN, 'utf8').length).toBeGreaterThan(1000);
  });

  it('migrates, starts with the image ENV, passes its HEALTHCHECK, writes nothing into /app, and exits 0 on SIGTERM', async () => {
    const filesBefore = listFiles(imageRoot);
    const port = await freePort();
    const env = cleanEnv({
      ...envOf(effectiveInstructions(api, api.final)),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ADMIN_API_KEY: 'deploy-check-admin-key-0123456789abcdef',
      LOG_LEVEL: 'warn',
    });
    const cmd = execForm(of(api.final, 'CMD')[0]?.args ?? '');
    const [command = 'node', ...args] = cmd;
    const executable = command === 'node' ? process.execPath : command;

    const migrate = run(executable, [...args, 'migrate'], { cwd: imageRoot, env });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toMatch(/schema is up to date/);

    const server = run(executable, args, { cwd: imageRoot, env });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`, server);
      const probe = execForm(of(api.final, 'HEALTHCHECK')[0]?.args ?? '');
      const [probeCommand = 'node', ...probeArgs] = probe;
      const health = run(probeCommand === 'node' ? process.execPath : probeCommand, probeArgs, { env });
      expect(await health.exited).toBe(0);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(listFiles(imageRoot)).toEqual(filesBefore);
  });

  it('refuses to start in production without DATABASE_URL, naming the variable', async () => {
    const env = cleanEnv({ ...envOf(api.final.instructions), PORT: String(await freePort()) });
    const server = run(process.execPath, execForm(of(api.final, 'CMD')[0]?.args ?? '').slice(1), { cwd: imageRoot, env });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/DATABASE_URL: is required when NODE_ENV=production/);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((path) => !path.startsWith('node_modules'))
    .sort();
}
