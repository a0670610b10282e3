import fs from 'node:fs';
import fc from 'fast-check';
import { latency, mb, printFigures } from './harness/figures';
import { startFlakyWechatApi, type FlakyWechatApi } from './harness/flakyWechatApi';
import { apiMessages, directLine, type HostileRequest, staff, wechat } from './harness/hostileRequests';
import { closeRawConnections, type RawOutcome, sendRaw } from './harness/sendRaw';
import { freePort } from '../helpers/freePort';
import { ServiceProcess } from './harness/service';
import { TranscriptDb } from './harness/transcriptDb';
import { wechatEnv } from './harness/wechatUser';
import { makeTempDir } from '../helpers/testRuntime';
import { tearDown } from './harness/tearDown';

const SEED = Number(process.env.REL_FUZZ_SEED ?? 20230511);
const PLAN: Array<[string, fc.Arbitrary<HostileRequest>, number]> = [
  ['/api/messages', apiMessages, 3000],
  ['/v3/directline', directLine, 3500],
  ['/wechat', wechat, 3000],
  ['/staff', staff, 1000],
];
const CONCURRENCY = 16;

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

describe('hostile input: over 10,000 malformed or adversarial requests', () => {
  let api: FlakyWechatApi;
  let service: ServiceProcess;
  const dataDir = makeTempDir('camino-rel-fuzz-');

  beforeAll(async () => {
    api = await startFlakyWechatApi();
    service = await ServiceProcess.start({ dataDir, port: await freePort(), env: wechatEnv(api.baseUrl) });
  });
  afterAll(() => tearDown([() => closeRawConnections(), () => service?.stop(), () => api?.close()], [dataDir]));

  it('answers every one with a 4xx, stays up, returns to its memory baseline, and stores nothing', async () => {
    const requests = PLAN.flatMap(([, arbitrary, count], i) => fc.sample(arbitrary, { numRuns: count, seed: SEED + i }));
    const before = new TranscriptDb(dataDir);
    const rowsBefore = before.countRows();
    before.close();
    const memoryBefore = await service.memoryAfterGc();
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(service.pid))), 250);

    const outcomes: Array<{ request: HostileRequest; outcome: RawOutcome }> = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next];
          next += 1;
          outcomes.push({ request, outcome: await sendRaw(service.baseUrl, request) });
        }
      }),
    );
    const durationMs = Date.now() - started;
    clearInterval(sampler);
    const memoryAfter = await service.memoryAfterGc();
    const health = await fetch(`${service.baseUrl}/healthz`);
    const after = new TranscriptDb(dataDir);
    const rowsAfter = after.countRows();
    after.close();

    const answered = outcomes.filter((o): o is { request: HostileRequest; outcome: { status: number; ms: number } } => 'status' in o.outcome);
    const not4xx = outcomes.filter((o) => !('status' in o.outcome) || o.outcome.status < 400 || o.outcome.status > 499);
    const byKind = new Map<string, Map<string, number>>();
    for (const { request, outcome } of outcomes) {
      const statuses = byKind.get(request.kind) ?? new Map<string, number>();
      const key = 'status' in outcome ? String(outcome.status) : outcome.error;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      byKind.set(request.kind, statuses);
    }
    const figures: Record<string, string | number> = {
      requests: `${outcomes.length} (seed ${SEED}), ${CONCURRENCY} at a time, ${(durationMs / 1000).toFixed(1)} s`,
      'answered 4xx': `${outcomes.length - not4xx.length}; anything else: ${not4xx.length}`,
      'answer time': latency(answered.map((o) => o.outcome.ms)),
    };
    for (const [kind, statuses] of [...byKind].sort()) figures[kind] = [...statuses].map(([s, n]) => `${s}: ${n}`).join(', ');
    Object.assign(figures, {
      'memory after GC, before': `rss ${mb(memoryBefore.rss)}, heap ${mb(memoryBefore.heapUsed)}`,
      'peak rss during': mb(peakRss),
      'memory after GC, after': `rss ${mb(memoryAfter.rss)}, heap ${mb(memoryAfter.heapUsed)}`,
      'rows before -> after': Object.keys(rowsAfter).map((t) => `${t} ${rowsBefore[t] ?? 0}->${rowsAfter[t]}`).join(', '),
      'service after': `${service.running ? 'running' : 'DEAD'}, /healthz ${health.status}`,
    });
    printFigures('hostile input', figures);
    const examples = not4xx.slice(0, 10).map(({ request, outcome }) => `${request.kind}: ${request.method} ${request.path.slice(0, 120)} -> ${'status' in outcome ? outcome.status : outcome.error} [${String(request.body ?? '').slice(0, 80)}]`);

    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
    expect(examples).toEqual([]);
    expect(service.running).toBe(true);
    expect(health.status).toBe(200);
    expect(rowsAfter).toEqual(rowsBefore);
    // Memory comes back: the heap after a full collection is near where it started.
    expect(memoryAfter.heapUsed).toBeLessThan(memoryBefore.heapUsed * 1.25 + 16 * 1024 * 1024);
    // Resident memory may keep freed pages a while, but a leak of the size of the input would show here.
    expect(memoryAfter.rss).toBeLessThan(memoryBefore.rss + 128 * 1024 * 1024);
  });
});
