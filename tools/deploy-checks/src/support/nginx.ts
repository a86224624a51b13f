import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { envOf, parseDockerfile } from './dockerfile';
import { DASHBOARD_DIST, fromRoot, NGINX } from './paths';

export const TEMPLATES_DIR = fromRoot('docker/nginx/templates');
export const MAIN_CONF = fromRoot('docker/nginx/nginx.conf');
export const RUNTIME_CONFIG_SCRIPT = fromRoot('docker/dashboard/05-runtime-config.envsh');

/** The dashboard image's runtime ENV (API_UPSTREAM default, envsubst filter...). */
export function dashboardImageEnv(): Record<string, string> {
  const file = parseDockerfile(fromRoot('docker/dashboard.Dockerfile'));
  return envOf(file.final.instructions);
}

/**
 * Sources the image's entrypoint script the way nginx's docker-entrypoint.sh does
 * (`. script` in POSIX sh) and returns the environment it leaves behind.
 */
export function sourceRuntimeScript(env: Record<string, string>): { status: number; output: string; env: Record<string, string> } {
  const run = spawnSync('sh', ['-c', '. "$0" >&2 && env -0', RUNTIME_CONFIG_SCRIPT], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
  const result: Record<string, string> = {};
  for (const entry of run.stdout.split('\0')) {
    const at = entry.indexOf('=');
    if (at > 0) result[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return { status: run.status ?? -1, output: run.stderr, env: result };
}

/**
 * What nginx's 20-envsubst-on-templates.sh does: replaces `${NAME}`/`$NAME` only for
 * variables that are defined and whose name matches NGINX_ENVSUBST_FILTER, leaving
 * nginx's own `$variables` alone.
 */
export function envsubst(text: string, env: Record<string, string>, filter: string | undefined): string {
  const pattern = filter ? new RegExp(filter) : null;
  const names = Object.keys(env).filter((name) => (pattern ? pattern.test(name) : true));
  let out = text;
  // Longest names first, so $API_UPSTREAM_X is not eaten by $API_UPSTREAM.
  for (const name of names.sort((a, b) => b.length - a.length)) {
    const value = env[name] ?? '';
    out = out
      .split(`\${${name}}`)
      .join(value)
      .replace(new RegExp(`\\$${name}(?![A-Za-z0-9_])`, 'g'), () => value);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function replaceOrFail(text: string, from: string | RegExp, to: string, what: string): string {
  const hit = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!hit) throw new Error(`nginx config no longer contains ${what} (${String(from)}): update the test's path mapping`);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
}

export interface RenderedNginx {
  dir: string;
  mainConf: string;
  /** conf.d/default.conf as the container would have it (before path mapping). */
  imageDefaultConf: string;
  env: Record<string, string>;
}

/**
 * Renders the dashboard image's nginx configuration for this machine: runs the entrypoint
 * script and envsubst exactly as the container does, then maps the image's paths
 * (/etc/nginx/conf.d, /usr/share/nginx/html, /tmp, port 8080) into a temporary directory.
 */
export function renderNginx(options: { apiUpstream: string; port: number; apiBaseUrl?: string; htmlDir?: string }): RenderedNginx {
  const dir = mkdtempSync(join(tmpdir(), 'sam-nginx-'));
  // nginx started as root serves files from unprivileged workers.
  chmodSync(dir, 0o755);
  const runtimeDir = join(dir, 'runtime');
  const imageEnv = dashboardImageEnv();
  const sourced = sourceRuntimeScript({
    ...imageEnv,
    API_UPSTREAM: options.apiUpstream,
    DASHBOARD_API_BASE_URL: options.apiBaseUrl ?? '',
    DASHBOARD_RUNTIME_DIR: runtimeDir,
  });
  if (sourced.status !== 0) throw new Error(`runtime config script failed:\n${sourced.output}`);
  chmodSync(runtimeDir, 0o755);
  // The image's /usr/share/nginx/html: a copy of the build in the readable directory, since the checkout
  // itself may sit where nginx's unprivileged workers cannot look (mktemp -d makes a 0700 directory).
  const htmlDir = options.htmlDir ?? join(dir, 'html');
  if (options.htmlDir === undefined && existsSync(DASHBOARD_DIST)) cpSync(DASHBOARD_DIST, htmlDir, { recursive: true });

  const confD = join(dir, 'conf.d');
  let imageDefaultConf = '';
  for (const template of filesUnder(TEMPLATES_DIR)) {
    const relativePath = relative(TEMPLATES_DIR, template).replace(/\.template$/, '');
    let text = envsubst(readFileSync(template, 'utf8'), sourced.env, imageEnv['NGINX_ENVSUBST_FILTER']);
    if (relativePath === 'default.conf') {
      imageDefaultConf = text;
      text = replaceOrFail(text, /listen 8080;/, `listen 127.0.0.1:${options.port};`, 'the IPv4 listen on 8080');
      text = replaceOrFail(text, /\n\s*listen \[::\]:8080;/, '', 'the IPv6 listen on 8080');
      text = replaceOrFail(text, 'root /usr/share/nginx/html;', `root ${htmlDir};`, 'the html root');
      text = replaceOrFail(text, '/etc/nginx/conf.d/', `${confD}/`, 'the snippets include');
    }
    const target = join(confD, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }

  let main = readFileSync(MAIN_CONF, 'utf8');
  main = replaceOrFail(main, 'pid /tmp/nginx.pid;', `pid ${dir}/nginx.pid;`, 'the pid file in /tmp');
  main = replaceOrFail(main, /_temp_path \/tmp\//g, `_temp_path ${dir}/`, 'temp paths in /tmp');
  main = replaceOrFail(main, 'include /etc/nginx/conf.d/*.conf;', `include ${confD}/*.conf;`, 'the conf.d include');
  // The container's stdout/stderr; here they may be sockets, which nginx cannot open().
  main = replaceOrFail(main, 'error_log /dev/stderr', `error_log ${dir}/error.log`, 'the error log on stderr');
  main = replaceOrFail(main, 'access_log /dev/stdout', `access_log ${dir}/access.log`, 'the access log on stdout');
  const mainConf = join(dir, 'nginx.conf');
  writeFileSync(mainConf, main);
  return { dir, mainConf, imageDefaultConf, env: sourced.env };
}

export function nginxArgs(rendered: RenderedNginx): string[] {
  return ['-p', rendered.dir, '-c', rendered.mainConf, '-e', join(rendered.dir, 'error.log')];
}

export function nginxTest(rendered: RenderedNginx): { status: number; output: string } {
  const run = spawnSync(NGINX, ['-t', ...nginxArgs(rendered)], { encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}
