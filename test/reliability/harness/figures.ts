/** The value below which the given share of the samples falls (nearest rank). */
export function percentile(samples: readonly number[], share: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const latency = (samples: readonly number[]): string =>
  `p50 ${percentile(samples, 0.5).toFixed(0)} ms, p95 ${percentile(samples, 0.95).toFixed(0)} ms, max ${percentile(samples, 1).toFixed(0)} ms (n=${samples.length})`;

/** One readable block per scenario on stdout (jest's console.log would add a stack line to each). */
export function printFigures(title: string, figures: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
  process.stdout.write(`\n=== Reliability: ${title} ===\n${lines.join('\n')}\n`);
}
