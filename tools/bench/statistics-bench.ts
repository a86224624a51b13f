/**
 * `npm run bench:statistics [rows]`: the drift statistics of libs/statistics on two sorted samples of `rows`
 * values (default 1,000,000), and, when /usr/bin/python3 has SciPy, SciPy's time for the same statistics on
 * the same arrays. Library level only (no upload, no database): `npm run bench:drift` measures the API.
 * Uses one core; run it rarely on shared machines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { columnDrift, describeNumerical, DriftColumnInput, StatTest } from '../../libs/statistics/src/index';

const rows = Number(process.argv[2] ?? 1_000_000);

// Deterministic pseudo-normal samples (sum of four LCG uniforms), so runs are comparable.
let state = 20261127;
const uniform = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
const sample = (size: number, shift: number, scale: number): Float64Array => {
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = (uniform() + uniform() + uniform() + uniform() - 2) * scale + shift;
  return values;
};

const referenceRaw = sample(rows, 0, 1);
const currentRaw = sample(rows, 0.01, 1.05);
const started = performance.now();
const reference = Float64Array.from(referenceRaw).sort();
const current = Float64Array.from(currentRaw).sort();
const sortSeconds = (performance.now() - started) / 1000;

const input: DriftColumnInput = { type: 'numerical', reference, current };
const timings: Record<string, number> = {};
const time = (label: string, run: () => unknown): void => {
  run(); // warm-up, so the JIT is not measured
  const t = performance.now();
  run();
  timings[label] = (performance.now() - t) / 1000;
};
for (const stattest of ['ks', 'wasserstein', 'psi', 'jensenshannon'] as StatTest[]) {
  time(stattest, () => columnDrift(input, { stattest }));
}
time('describe', () => describeNumerical(reference, 0));

let scipy: Record<string, number> | null = null;
const directory = mkdtempSync(join(tmpdir(), 'stats-bench-'));
try {
  writeFileSync(join(directory, 'ref.f64'), Buffer.from(referenceRaw.buffer));
  writeFileSync(join(directory, 'cur.f64'), Buffer.from(currentRaw.buffer));
  const script = `
import json, sys, time
import numpy as np
from scipy import stats
from scipy.spatial import distance
ref = np.fromfile(sys.argv[1] + "/ref.f64"); cur = np.fromfile(sys.argv[1] + "/cur.f64")
def binned(psi):
    bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    r = np.histogram(ref, bins)[0] / len(ref); c = np.histogram(cur, bins)[0] / len(cur)
    if psi:
        for a in (r, c):
            m = min(a[a != 0]); np.place(a, a == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return r, c
def psi():
    r, c = binned(True); return np.sum((r - c) * np.log(r / c))
runs = {
    "ks": lambda: stats.ks_2samp(ref, cur),
    "wasserstein": lambda: stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001),
    "psi": psi,
    "jensenshannon": lambda: distance.jensenshannon(*binned(False)),
    "describe": lambda: (np.mean(ref), np.std(ref, ddof=1), np.quantile(ref, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]), np.histogram(ref, bins="sturges")),
}
out = {}
for name, run in runs.items():
    t = time.perf_counter(); run(); out[name] = time.perf_counter() - t
print(json.dumps(out))
`;
  const output = execFileSync('/usr/bin/python3', ['-c', script, directory], { encoding: 'utf8' });
  scipy = JSON.parse(output) as Record<string, number>;
} catch (error) {
  console.log(`SciPy comparison skipped: ${(error as Error).message.split('\n')[0]}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

console.log(
  `${rows.toLocaleString('en')} vs ${rows.toLocaleString('en')} values; sorting both once (upload side): ${sortSeconds.toFixed(3)} s`,
);
console.log('statistic        library s   SciPy s (unsorted input)   ratio');
for (const [label, seconds] of Object.entries(timings)) {
  const reference = scipy?.[label];
  const ratio = reference ? `${(reference / seconds).toFixed(1)}x faster` : '';
  console.log(
    `${label.padEnd(16)} ${seconds.toFixed(3).padStart(9)}   ${reference?.toFixed(3).padStart(9) ?? '        -'}                  ${ratio}`,
  );
}
