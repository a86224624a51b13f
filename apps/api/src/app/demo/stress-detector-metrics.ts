/**
 * The demo's metric history for the stress-detector model: pure and deterministic
 * (seeded PRNG), so it can be checked without a database.
 *
 * Each hour simulates the predictions a wearable fleet sent: how many, how many were
 * truly stressed (prevalence follows the working day), and the confusion matrix from
 * the version's true/false positive rates. Accuracy, precision, recall and f1 are
 * computed from that matrix, so they agree with each other and with stress_rate.
 * The production version degrades over the last week (drifting sensors: recall and
 * AUC fall, false positives rise).
 */
import { seededRandom } from '@stress/statistics';

export interface DemoMetricPoint {
  version: string;
  name: string;
  value: number;
  timestamp: string;
}

export interface DemoVersionProfile {
  version: string;
  /** Hours before the end at which this version starts and stops receiving traffic. */
  fromHoursAgo: number;
  toHoursAgo: number;
  /** Share of traffic (shadow deployments see less). */
  trafficShare: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  rocAuc: number;
  latencyMs: number;
  /** Degradation over the last `degradeHours` (0 = none). */
  degradeHours: number;
}

export const DEMO_HOURS = 30 * 24;
export const DEGRADATION_HOURS = 7 * 24;

export const STRESS_DETECTOR_PROFILES: readonly DemoVersionProfile[] = [
  {
    version: '1.0.0',
    fromHoursAgo: DEMO_HOURS,
    toHoursAgo: DEMO_HOURS - 8 * 24,
    trafficShare: 1,
    truePositiveRate: 0.8,
    falsePositiveRate: 0.09,
    rocAuc: 0.9,
    latencyMs: 38,
    degradeHours: 0,
  },
  {
    version: '1.1.0',
    fromHoursAgo: DEMO_HOURS,
    toHoursAgo: 0,
    trafficShare: 1,
    truePositiveRate: 0.86,
    falsePositiveRate: 0.06,
    rocAuc: 0.935,
    latencyMs: 42,
    degradeHours: DEGRADATION_HOURS,
  },
  {
    version: '2.0.0',
    fromHoursAgo: 14 * 24,
    toHoursAgo: 0,
    trafficShare: 0.25,
    truePositiveRate: 0.89,
    falsePositiveRate: 0.05,
    rocAuc: 0.95,
    latencyMs: 55,
    degradeHours: 0,
  },
];

function gaussian(random: () => number): number {
  // Box–Muller; 1 - u keeps log() away from 0.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function binomial(random: () => number, trials: number, probability: number): number {
  let successes = 0;
  for (let trial = 0; trial < trials; trial++) if (random() < probability) successes++;
  return successes;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * Hourly points for every profile, ending with the hour that starts at `endHourMs`
 * (a whole UTC hour). The same seed and end give the same points.
 */
export function generateStressDetectorMetrics(
  endHourMs: number,
  seed = 20_261_127,
  profiles: readonly DemoVersionProfile[] = STRESS_DETECTOR_PROFILES,
): DemoMetricPoint[] {
  const points: DemoMetricPoint[] = [];
  for (const [profileIndex, profile] of profiles.entries()) {
    const random = seededRandom(seed + profileIndex * 7919);
    for (let hoursAgo = profile.fromHoursAgo - 1; hoursAgo >= profile.toHoursAgo; hoursAgo--) {
      const hourMs = endHourMs - hoursAgo * 3_600_000;
      const date = new Date(hourMs);
      const hourOfDay = date.getUTCHours();
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      // Fleet activity: low at night, peaks in the afternoon, quieter at weekends.
      const activity = 0.35 + 0.65 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI));
      const expected = 260 * activity * (weekend ? 0.7 : 1) * profile.trafficShare;
      const predictions = Math.max(5, Math.round(expected + gaussian(random) * Math.sqrt(expected)));
      // Stress is commoner in working hours on weekdays.
      const workHours = !weekend && hourOfDay >= 8 && hourOfDay <= 18;
      const prevalence = clamp((workHours ? 0.3 : 0.18) + gaussian(random) * 0.02, 0.05, 0.6);

      const degradation = profile.degradeHours > 0 && hoursAgo < profile.degradeHours ? 1 - hoursAgo / profile.degradeHours : 0;
      const tpr = clamp(profile.truePositiveRate - 0.2 * degradation + gaussian(random) * 0.01, 0.3, 0.99);
      const fpr = clamp(profile.falsePositiveRate + 0.07 * degradation + gaussian(random) * 0.005, 0.005, 0.5);

      const positives = binomial(random, predictions, prevalence);
      const negatives = predictions - positives;
      const truePositives = binomial(random, positives, tpr);
      const falsePositives = binomial(random, negatives, fpr);
      const predictedPositive = truePositives + falsePositives;
      const trueNegatives = negatives - falsePositives;
      const precision = predictedPositive > 0 ? truePositives / predictedPositive : 0;
      const recall = positives > 0 ? truePositives / positives : 0;
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      const accuracy = (truePositives + trueNegatives) / predictions;
      const rocAuc = clamp(profile.rocAuc - 0.1 * degradation + gaussian(random) * 0.006, 0.5, 0.999);
      // Latency: log-normal around the version's typical value, a little slower at peak load.
      const latency = profile.latencyMs * (1 + 0.15 * activity) * Math.exp(gaussian(random) * 0.12);

      const timestamp = date.toISOString();
      const values: Array<[string, number]> = [
        ['accuracy', round(accuracy, 4)],
        ['precision', round(precision, 4)],
        ['recall', round(recall, 4)],
        ['f1', round(f1, 4)],
        ['roc_auc', round(rocAuc, 4)],
        ['latency_ms', round(latency, 1)],
        ['prediction_count', predictions],
        ['stress_rate', round(predictedPositive / predictions, 4)],
      ];
      for (const [name, value] of values) points.push({ version: profile.version, name, value, timestamp });
    }
  }
  return points;
}
