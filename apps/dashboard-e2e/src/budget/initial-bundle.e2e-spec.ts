import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DASHBOARD_DIR } from '@stress/e2e-support';

/**
 * The budget: initial JavaScript ≤ 300 KB gzipped. Angular's budgets (apps/dashboard/
 * project.json: initial ≤ 1 MB raw, about 250 KB gzipped at this bundle's ~4:1 ratio, fail the
 * build) can only count raw bytes, so this also measures what a browser downloads first: the
 * scripts index.html loads and preloads and the chunks they import, gzipped.
 */
const INITIAL_JS_GZIP_LIMIT = 300 * 1024;

describe('initial bundle', () => {
  it('loads at most 300 KB of gzipped JavaScript before the first page renders', () => {
    const index = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
    const files = new Set<string>();
    for (const match of index.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) files.add(match[1] ?? '');
    for (const match of index.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) files.add(match[1] ?? '');
    expect([...files].some((file) => file.startsWith('main-'))).toBe(true);

    // Chunks the main bundle imports statically are initial too, even when index.html does not list them.
    const queue = [...files];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      const source = readFileSync(join(DASHBOARD_DIR, file), 'utf8');
      for (const match of source.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([\w-]+\.js)["']/g)) {
        const imported = match[1] ?? '';
        if (!files.has(imported)) {
          files.add(imported);
          queue.push(imported);
        }
      }
    }

    const gzipped = [...files].reduce((total, file) => total + gzipSync(readFileSync(join(DASHBOARD_DIR, file))).length, 0);
    process.stdout.write(`initial JavaScript: ${files.size} files, ${(gzipped / 1024).toFixed(1)} KB gzipped\n`);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_GZIP_LIMIT);
  });
});
