export interface ScenarioResult {
  engine: 'sqlite' | 'postgres';
  bot: 'camino' | 'echo';
  users: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** The value below which `p` percent of the sorted samples fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarize(base: Pick<ScenarioResult, 'engine' | 'bot' | 'users'>, latencies: number[], seconds: number): ScenarioResult {
  const sorted = [...latencies].sort((x, y) => x - y);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    ...base,
    turns: latencies.length,
    seconds: round(seconds),
    turnsPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
  };
}
