import { metricsRefusal } from '../../src/metrics/mountMetrics';
import { startFakeOpenAi } from '../helpers/fakeOpenAi';
import { postJson, startApp, type RunningApp } from '../helpers/httpApp';

const PRIVATE_TEXT = 'My name is Maria Lopez, call me at +1 626 555 0199';
const SCREENING = ['Get help from an attorney', 'yes', 'In Mexico', 'Sent back to Mexico', 'skip', 'Cuba', 'skip', 'yes', 'no', 'English', 'Phone call'];

/** One sample's value from the text format, or undefined when the series is absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  async function converse(texts: string[]): Promise<void> {
    const { baseUrl } = running;
    const session = (await postJson(`${baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string; userId: string };
    const auth = { authorization: `Bearer ${session.token}` };
    expect((await postJson(`${baseUrl}/v3/directline/conversations`, {}, auth)).status).toBe(201);
    for (const text of texts) {
      const posted = await postJson(
        `${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`,
        { type: 'message', text, locale: 'en-US', from: { id: session.userId } },
        auth,
      );
      expect(posted.status).toBe(200);
    }
  }

  it('counts turns, their latency, handoffs by outcome and HTTP answers, with no message text in it', async () => {
    await converse(['hi', PRIVATE_TEXT, ...SCREENING]);
    const response = await fetch(`${running.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await response.text();

    expect(sample(body, 'camino_turns_total{channel="webchat",locale="en"}')).toBe(2 + SCREENING.length);
    expect(sample(body, 'camino_turn_duration_seconds_count{channel="webchat"}')).toBe(2 + SCREENING.length);
    expect(sample(body, 'camino_handoffs_total{outcome="qualified"}')).toBe(1);
    expect(sample(body, 'camino_http_requests_total{route="/v3/directline/conversations/:id/activities",status="2xx"}')).toBe(2 + SCREENING.length);
    expect(sample(body, 'camino_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Whole values only: figures such as byte counts may contain any short run of digits.
    for (const secret of ['Maria', 'Lopez', '555 0199', '6265550199', 'Cuba']) expect(body).not.toContain(secret);
  });

  it('counts refused requests by route, without the ids in the path', async () => {
    await fetch(`${running.baseUrl}/v3/directline/conversations/some-conversation-id/activities`);
    const body = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(sample(body, 'camino_http_requests_total{route="/v3/directline/conversations/:id/activities",status="4xx"}')).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('some-conversation-id');
  });
});

describe('access to /metrics', () => {
  it('needs the bearer token when one is configured', async () => {
    const running = await startApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      const url = `${running.baseUrl}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer metrics-token-wrong-0000' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('camino_turns_total');
    } finally {
      await running.app.close();
    }
  });

  it('without a token, answers this machine only', () => {
    expect(metricsRefusal('127.0.0.1', undefined, undefined)).toBeUndefined();
    expect(metricsRefusal('::1', undefined, undefined)).toBeUndefined();
    expect(metricsRefusal('10.0.0.7', undefined, undefined)).toEqual({ status: 403, reason: 'set METRICS_TOKEN to read metrics from another machine' });
    expect(metricsRefusal('10.0.0.7', 'Bearer metrics-token-0123456789', 'metrics-token-0123456789')).toBeUndefined();
  });
});

describe('language model figures in /metrics', () => {
  it('counts calls by feature and result, their latency and tokens', async () => {
    const fake = await startFakeOpenAi();
    const running = await startApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'fake' });
    try {
      fake.reply(() => ({
        kind: 'json',
        body: { answer: 'The CHNV parole program ended in 2025.', cardIds: ['chnv-parole'], needsAttorney: false, safetyConcern: false, outOfScope: false },
      }));
      const { baseUrl } = running;
      const session = (await postJson(`${baseUrl}/api/webchat/token`, {})).json as { token: string; conversationId: string; userId: string };
      const auth = { authorization: `Bearer ${session.token}` };
      await postJson(`${baseUrl}/v3/directline/conversations`, {}, auth);
      const url = `${baseUrl}/v3/directline/conversations/${session.conversationId}/activities`;
      /** Direct Line answers the POST before a slow turn ends: wait until the bot has said `tag`, `times` times. */
      const said = async (tag: string, times: number) => {
        for (let i = 0; i < 200; i += 1) {
          const log = (await (await fetch(url, { headers: auth })).json()) as { activities: Array<{ channelData?: { camino?: { tags?: string[] } } }> };
          if (log.activities.filter((a) => a.channelData?.camino?.tags?.includes(tag)).length >= times) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`the bot never said ${tag}`);
      };
      await postJson(url, { type: 'message', text: 'Is the parole program for people from Venezuela still open?', from: { id: session.userId } }, auth);
      await said('llm.answer', 1);
      fake.reply(() => ({ kind: 'status', status: 503, message: 'overloaded' }));
      await postJson(url, { type: 'message', text: 'What happened to the CHNV parole for Cubans?', from: { id: session.userId } }, auth);
      await said('llm.unavailable', 1);

      const body = await (await fetch(`${baseUrl}/metrics`)).text();
      expect(sample(body, 'camino_llm_calls_total{kind="answer",result="ok"}')).toBe(1);
      expect(sample(body, 'camino_llm_calls_total{kind="answer",result="serverError"}')).toBe(1);
      expect(sample(body, 'camino_llm_duration_seconds_count')).toBe(2);
      expect(sample(body, 'camino_llm_tokens_total{kind="prompt"}')).toBeGreaterThan(0);
      expect(body).not.toContain('Venezuela');
    } finally {
      await running.app.close();
      await fake.close();
    }
  });
});
