/*
 * Preloaded into the service under test (node --expose-gc --import): on SIGUSR2 it collects garbage and
 * prints one line with the process's memory, so the reliability suite can compare memory with its baseline.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`__camino_memory ${JSON.stringify({ rss, heapUsed })}\n`);
});
