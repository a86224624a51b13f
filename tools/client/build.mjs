// Builds libs/client into dist/libs/client: tsc (CommonJS + declarations), then package.json and README beside it, so
// `npm pack dist/libs/client` gives an installable package with the `stress-monitor` bin.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'dist/libs/client');
rmSync(OUT, { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'libs/client/tsconfig.lib.json')], { cwd: ROOT, stdio: 'inherit' });
for (const file of ['package.json', 'README.md']) copyFileSync(join(ROOT, 'libs/client', file), join(OUT, file));
chmodSync(join(OUT, 'cli/main.js'), 0o755);
