import { DIRECTLINE_CHANNEL } from '../../../src/channels/directline/DirectLineAdapter';
import type { TranscriptRecord } from '../../../src/store/TranscriptRepository';
import { postJson, startApp, type RunningApp } from '../../helpers/httpApp';

interface Session {
  token: string;
  conversationId: string;
}

describe('Direct Line conversation start', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.app.close());

  it('has the conversation in the store before it answers 201, so a crash right after cannot lose it', async () => {
    const transcripts = running.app.runtime.transcripts;
    const append = transcripts.append.bind(transcripts);
    // A slow disk: the start's log write takes a while. The 201 must still come only after it.
    const spy = jest.spyOn(transcripts, 'append').mockImplementation(async (record: TranscriptRecord) => {
      if ((record.activity as { type?: string }).type === 'conversationUpdate') await new Promise((r) => setTimeout(r, 300));
      return append(record);
    });
    try {
      const session = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
      const started = await postJson(`${running.baseUrl}/v3/directline/conversations`, {}, { authorization: `Bearer ${session.token}` });
      expect(started.status).toBe(201);
      const logged = await transcripts.list(DIRECTLINE_CHANNEL, session.conversationId);
      expect(logged.map((r) => r.activity.type)).toContain('conversationUpdate');
      expect(logged.filter((r) => r.activity.type === 'conversationUpdate')).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('still greets once, with the start logged once, when a client sends two start requests at the same time', async () => {
    const session = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    const auth = { authorization: `Bearer ${session.token}` };
    const answers = await Promise.all([postJson(`${running.baseUrl}/v3/directline/conversations`, {}, auth), postJson(`${running.baseUrl}/v3/directline/conversations`, {}, auth)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const deadline = Date.now() + 10_000;
    let logged = await running.app.runtime.transcripts.list(DIRECTLINE_CHANNEL, session.conversationId);
    while (!logged.some((r) => r.direction === 'out') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      logged = await running.app.runtime.transcripts.list(DIRECTLINE_CHANNEL, session.conversationId);
    }
    expect(logged.filter((r) => r.activity.type === 'conversationUpdate')).toHaveLength(1);
    expect(logged.filter((r) => r.direction === 'out').length).toBeGreaterThan(0);
  });
});
