import fs from 'node:fs';

/**
 * The end of a scenario: each step in order (people first, then the service, then what it depends on), each one
 * even when an earlier one failed, then the scenario's folders removed. The first failure is passed on.
 */
export async function tearDown(steps: Array<() => unknown>, dirs: string[] = []): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  if (failures.length > 0) throw failures[0];
}
