import { randomBytes } from 'node:crypto';
import { DirectLineUser, HttpFailure } from './harness/directLineUser';
import { matchUsersHistory } from './harness/checkDelivery';
import { latency, printFigures } from './harness/figures';
import { PostgresProcess } from './harness/postgresProcess';
import { freePort } from '../helpers/freePort';
import { ServiceProcess } from './harness/service';
import { makeTempDir } from '../helpers/testRuntime';
import { tearDown } from './harness/tearDown';

const USERS = { websocket: 10, polling: 10 };
const CONNECT_TIMEOUT_MS = 2000;

async function waitForReadiness(baseUrl: string, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const answer = await fetch(`${baseUrl}/readyz`).then((r) => r.status, () => 0);
    if (answer === status) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`/readyz did not answer ${status} within ${timeoutMs} ms (last ${answer})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('PostgreSQL restarted under the service', () => {
  let postgres: PostgresProcess | undefined;
  let service: ServiceProcess;
  let users: DirectLineUser[] = [];
  const dataDir = makeTempDir('camino-rel-pg-');
  const pgDir = makeTempDir('camino-rel-pgdata-');

  afterAll(() => tearDown([() => Promise.all(users.map((u) => u.stop())), () => service?.stop(), () => postgres?.stop()], [dataDir, pgDir]));

  it('fails fast while the database is gone, recovers without a restart, and loses no acknowledged message', async () => {
    const pg = new PostgresProcess(pgDir, await freePort());
    postgres = pg;
    await pg.start();
    const secret = randomBytes(32).toString('hex');
    service = await ServiceProcess.start({
      dataDir,
      port: await freePort(),
      env: { DATABASE_URL: pg.url, DIRECTLINE_SECRET: secret, DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) },
    });
    users = [
      ...Array.from({ length: USERS.websocket }, () => new DirectLineUser(service.baseUrl, 'websocket', 'en-US')),
      ...Array.from({ length: USERS.polling }, () => new DirectLineUser(service.baseUrl, 'polling', 'es-MX')),
    ];
    await Promise.all(users.map((u, i) => u.start(secret, `dl_pg_${i}`)));
    await Promise.all(users.map(async (u) => {
      await u.say('hi');
      await u.say('1');
    }));

    await pg.stop();
    const toUnready = await waitForReadiness(service.baseUrl, 503, 15_000);
    const outage = await Promise.all(
      users.map(async (u) => {
        const started = Date.now();
        try {
          await u.say('next', 5000);
          return { ok: true, status: 200, ms: Date.now() - started };
        } catch (error) {
          return { ok: false, status: error instanceof HttpFailure ? error.status : 0, ms: Date.now() - started };
        }
      }),
    );

    await pg.start();
    const toReady = await waitForReadiness(service.baseUrl, 200, 30_000);
    const after: number[] = [];
    await Promise.all(
      users.map(async (u) => {
        const started = Date.now();
        await u.say('menu', 15_000);
        after.push(Date.now() - started);
      }),
    );

    const { missing, duplicated: doubled } = await matchUsersHistory(users);
    const byStatus = outage.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
    printFigures('PostgreSQL restart', {
      users: `${USERS.websocket} WebSocket + ${USERS.polling} polling`,
      'database stop to /readyz 503': `${toUnready} ms`,
      'messages during the outage (status: count)': Object.entries(byStatus).map(([s, n]) => `${s}: ${n}`).join(', '),
      'answer time during the outage': latency(outage.map((o) => o.ms)),
      'database start to /readyz 200': `${toReady} ms`,
      'first turn after recovery': latency(after),
      'acknowledged messages': users.reduce((n, u) => n + u.acknowledged.length, 0),
      'missing / duplicated in the log': `${missing} / ${doubled}`,
    });

    // While the database is gone a message cannot be kept, so it is refused at once with 503 (try again), never hangs.
    expect(outage.every((o) => !o.ok && o.status === 503)).toBe(true);
    expect(Math.max(...outage.map((o) => o.ms))).toBeLessThan(CONNECT_TIMEOUT_MS * 3);
    // Back without a restart: every person, on WebSocket or polling, gets answers again.
    expect(after).toHaveLength(users.length);
    expect(missing).toBe(0);
    expect(doubled).toBe(0);
  });
});
