// Builds libs/client into dist/libs/client, so `npm pack dist/libs/client` gives an installable package:
//   dist/libs/client/            CommonJS + .d.ts of everything (the SDK, `node.js`, and the `stress-monitor` bin in cli/)
//   dist/libs/client/esm/        ES modules + .d.ts of the two entries only: index.js (browsers: fetch and Web Crypto, no
//                                Node built-in, no package import) and node.js (adds uploads from a path on disk); its
//                                package.json says "type": "module"
// package.json's "exports" picks one by condition: browser → esm/index.js; node → esm/node.js (import) or node.js
// (require); other bundlers → esm/index.js (import) or index.js (require). `@stress/client/node` is the Node entry by name.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'dist/libs/client');
const ESM = join(OUT, 'esm');
const tsc = (project) =>
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'libs/client', project)], { cwd: ROOT, stdio: 'inherit' });

rmSync(OUT, { recursive: true, force: true });
tsc('tsconfig.lib.json');
tsc('tsconfig.esm.json');
addExtensions(ESM);
writeFileSync(join(ESM, 'package.json'), `${JSON.stringify({ type: 'module', sideEffects: false }, null, 2)}\n`);
for (const file of ['package.json', 'README.md']) copyFileSync(join(ROOT, 'libs/client', file), join(OUT, file));
chmodSync(join(OUT, 'cli/main.js'), 0o755);

/**
 * Node's ES module loader needs full relative specifiers (`./lib/client.js`, `./generated/index.js`); the sources (and the
 * generated client) import without extensions. Rewrites every relative specifier of the emitted .js and .d.ts files to
 * the file it names, and fails the build on one that names no file.
 */
function addExtensions(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      addExtensions(path);
      continue;
    }
    const declaration = name.endsWith('.d.ts');
    if (!declaration && !name.endsWith('.js')) continue;
    const text = readFileSync(path, 'utf8');
    const rewritten = text.replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2/g,
      (_match, lead, quote, specifier) => `${lead}${quote}${resolveSpecifier(path, specifier, declaration)}${quote}`,
    );
    if (rewritten !== text) writeFileSync(path, rewritten);
  }
}

function resolveSpecifier(from, specifier, declaration) {
  if (/\.(m?js|json)$/.test(specifier)) return specifier;
  const base = join(dirname(from), specifier);
  const emitted = (file) => existsSync(`${file}${declaration ? '.d.ts' : '.js'}`);
  if (emitted(base)) return `${specifier}.js`;
  if (emitted(join(base, 'index'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`build: ${from} imports ${specifier}, which names no emitted file`);
}
