/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for finite n
 * (scipy.stats.kstwo.sf), following SciPy's `_kolmogn` (Simard & L'Ecuyer 2011): the same choice of
 * method per (n, x) region (Ruben–Gambino, Durbin matrix in the Marsaglia–Tsang–Wang form, Pomeranz,
 * Pelz–Good, 2·Smirnov), so p-values agree with SciPy's to the precision of each method.
 */
import { ldexp } from './special';

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const LOG_2PI = Math.log(2 * Math.PI);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;
const DBL_EPSILON = 2.220446049250313e-16;
/** cephes MINLOG: ln(2⁻¹⁰⁷⁵). */
const CEPHES_MINLOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

// Bernoulli-number Stirling coefficients B_2j / (2j (2j − 1)), j = 8 … 1 (as SciPy's _STIRLING_COEFFS).
const STIRLING_COEFFS = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];

const clip = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

function polyval(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}

/** ln(n! / nⁿ) by Stirling, with n ln n removed up front. */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * polyval(STIRLING_COEFFS, rn / n);
}

/** P(D_n ≤ d) by Durbin's matrix algorithm (Marsaglia, Tsang & Wang 2003). */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let scratch = new Float64Array(m * m);
  const multiply = (a: Float64Array, b: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < m; l++) {
        const ail = a[i * m + l];
        if (ail === 0) continue;
        const bRow = l * m;
        const outRow = i * m;
        for (let j = 0; j < m; j++) out[outRow + j] += ail * b[bRow + j];
      }
    }
  };

  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      multiply(power, H, scratch);
      [power, scratch] = [scratch, power];
      exponent += hExponent;
    }
    multiply(H, H, scratch);
    [H, scratch] = [scratch, H];
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128;
      hExponent += 128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return clip(p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by Pomeranz's recursion (1974). */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const powers = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Entries conv[convStart … convStart + convLen) of the full convolution of
      // V0[k1 − V0s …][:ln2] with powers[:ln2].
      const aStart = k1 - V0s;
      const aLength = Math.max(0, Math.min(ln2, npwrs - aStart));
      const bLength = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLength = j2 - j1 + 1;
      let max = 0;
      for (let out = 0; out < convLength; out++) {
        const index = convStart + out;
        let sum = 0;
        const from = Math.max(0, index - bLength + 1);
        const to = Math.min(aLength - 1, index);
        for (let a = from; a <= to; a++) sum += V0[aStart + a] * powers[index - a];
        V1[out] = sum;
        if (sum > max) max = sum;
      }
      if (max > 0 && max < EM128) {
        for (let out = 0; out < npwrs; out++) V1[out] *= E128;
        exponent -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  let answer = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > E128) {
      answer *= EM128;
      exponent += 128;
    }
    answer *= m;
  }
  if (exponent !== 0) answer = ldexp(answer, exponent);
  return clip(answer);
}

/** Pelz–Good approximation of P(D_n ≤ x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z * z;
  const zthree = zsquared * z;
  const zfour = zsquared * zsquared;
  const zsix = zfour * zsquared;

  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;

  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m * m;
    const mfour = msquared * msquared;
    const msix = mfour * msquared;
    const qpower = q ** (8 * k);
    K0 = K0 * qpower + 1;
    K1 = K1 * qpower + (k1a + k1b * msquared);
    K2 = K2 * qpower + (k2a + k2b * msquared + k2c * mfour);
    K3 = K3 * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
  }
  K0 = (K0 * q * SQRT2PI) / z;
  K1 = (K1 * q * SQRT2PI) / (6 * zfour);
  K2 = (K2 * q * SQRT2PI) / (72 * z ** 7);
  K3 = (K3 * q * SQRT2PI) / (6480 * z ** 10);

  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const ksquared = k * k;
    const qpower = q ** ksquared;
    const kspi = Math.PI * k;
    k2extra += ksquared * qpower;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpower;
  }
  K2 += (k2extra * PI_SQUARED * SQRT2PI) / (-36 * zthree);
  K3 += (k3extra * PI_SQUARED * SQRT2PI) / (216 * zsix);

  return K0 + K1 / Math.sqrt(n) + K2 / n + K3 / n ** 1.5;
}

/** n·x split into floor and fractional part exactly (Dekker's product), as cephes' modNX does in double-double. */
function splitNX(n: number, x: number): { floor: number; alpha: number } {
  const hi = n * x;
  const split = 134217729; // 2^27 + 1
  const splitOf = (a: number): [number, number] => {
    const c = split * a;
    const high = c - (c - a);
    return [high, a - high];
  };
  const [nh, nl] = splitOf(n);
  const [xh, xl] = splitOf(x);
  const lo = nh * xh - hi + nh * xl + nl * xh + nl * xl;
  let floor = Math.floor(hi);
  let alpha = hi - floor + lo;
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha -= 1;
  }
  return { floor, alpha };
}

/**
 * Survival function of the one-sided statistic D_n⁺ (scipy.special.smirnov), by the Smirnov /
 * Birnbaum–Tingey lower sum in log space. Only the regions the two-sided SF reaches are needed:
 * x ≥ 0.5, or n·x² > 2.2, where cephes uses the lower sum too.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxfl, alpha } = splitNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    return clip(1 - x * (1 + x) ** (n - 1));
  }
  if (-2 * n * x * x < CEPHES_MINLOG) return 0;
  if (nxfl >= n - 1) return clip((1 - x) ** n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    return clip(Math.exp(-((6 * n * x + 1) ** 2) / 18 / n));
  }

  // A_v = C(n, v) (1 − x − v/n)^(n − v) (x + v/n)^(v − 1), sf = x Σ_{v=0}^{n(1−x)} A_v.
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  let sum = (1 - x) ** n / x;
  let compensation = 0;
  let logBinomial = 0;
  for (let j = 1; j < nTerms; j++) {
    logBinomial += Math.log((n - j + 1) / j);
    const upper = (n - j) / n - x;
    const lower = j / n + x;
    const logTerm = logBinomial + (n - j) * Math.log(upper) + (j - 1) * Math.log(lower);
    const term = Math.exp(logTerm);
    if (Number.isFinite(term) && term !== 0) {
      const t = sum + term;
      compensation += sum >= term ? sum - t + term : term - t + sum;
      sum = t;
      if (4 * (nTerms - j) * term < DBL_EPSILON * sum && j !== nTerms - 1) break;
    } else if (term === 0 && j > vmid) {
      break;
    }
  }
  return clip(x * (sum + compensation));
}

/** scipy.stats.kstwo.sf(x, n): P(D_n ≥ x) for integer n ≥ 1. */
export function kstwoSf(x: number, n: number): number {
  if (Number.isNaN(x) || !(n >= 1) || Math.round(n) !== n) return Number.NaN;
  // rv_continuous.sf: 1 below the support (0.5/n, 1), 0 above it.
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: 1/2n ≤ x ≤ 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));

  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip(1 - durbinMatrixCdf(n, x));
    if (nxsquared <= 4) return clip(1 - pomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxsquared >= 370) return 0;
  if (nxsquared >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
