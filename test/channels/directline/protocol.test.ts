import fs from 'node:fs';
import path from 'node:path';
import { issueToken } from '../../../src/channels/directline/tokens';
import { postJson, startApp, type RunningApp } from '../../helpers/httpApp';

interface Session {
  token: string;
  conversationId: string;
  userId: string;
}
interface ActivitySet {
  activities: Array<{ id: string; text?: string; from: { id: string; role?: string }; channelData?: { camino?: { tags?: string[] } } }>;
  watermark: string;
}

describe('Direct Line protocol errors', () => {
  let running: RunningApp;
  let dl: string;
  let session: Session;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    running = await startApp();
    dl = `${running.baseUrl}/v3/directline`;
    session = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    expect((await postJson(`${dl}/conversations`, {}, auth(session.token))).status).toBe(201);
  });
  afterAll(async () => running.app.close());

  const activitiesUrl = (id: string) => `${dl}/conversations/${id}/activities`;

  it.each([
    ['no token', {}],
    ['a malformed token', auth('not-a-token')],
    ['a tampered token', { authorization: '' }],
    ['an expired token', { authorization: '' }],
  ])('refuses %s with 403', async (name, headers) => {
    let given = headers as Record<string, string>;
    if (name === 'a tampered token') {
      const [body, sig] = session.token.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...payload, exp: (payload.exp as number) + 3600 })).toString('base64url');
      given = auth(`${forged}.${sig}`);
    }
    if (name === 'an expired token') {
      given = auth(issueToken(readSecret(), { conversationId: session.conversationId, userId: session.userId }, Date.now() - 31 * 60_000).token);
    }
    const response = await fetch(activitiesUrl(session.conversationId), { headers: given });
    expect(response.status).toBe(403);
  });

  function readSecret(): string {
    return fs.readFileSync(path.join(running.dataDir, 'directline.secret'), 'utf8').trim();
  }

  it('refuses the token of one conversation on another with 403, and a conversation never started with 404', async () => {
    const other = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    expect((await fetch(activitiesUrl(other.conversationId), { headers: auth(session.token) })).status).toBe(403);
    expect((await fetch(`${dl}/conversations/${other.conversationId}`, { headers: auth(other.token) })).status).toBe(404);
    expect((await postJson(activitiesUrl(other.conversationId), { type: 'message', text: 'hi' }, auth(other.token))).status).toBe(404);
    expect((await fetch(activitiesUrl(other.conversationId), { headers: auth(other.token) })).status).toBe(404);
  });

  it('acknowledges a person’s typing indicator without logging it or running a turn', async () => {
    const before = await running.app.runtime.transcripts.lastSeq('webchat', session.conversationId);
    const { status, json } = await postJson(activitiesUrl(session.conversationId), { type: 'typing' }, auth(session.token));
    expect(status).toBe(200);
    expect(json).toEqual({ id: expect.stringContaining(session.conversationId) });
    // A message after it: once its answer is in, any turn the typing had started would be logged too.
    await postJson(activitiesUrl(session.conversationId), { type: 'message', text: 'menu' }, auth(session.token));
    const deadline = Date.now() + 10_000;
    let after = await running.app.runtime.transcripts.list('webchat', session.conversationId, { afterSeq: before });
    while (!after.some((r) => r.direction === 'out') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      after = await running.app.runtime.transcripts.list('webchat', session.conversationId, { afterSeq: before });
    }
    expect(after.filter((r) => r.direction === 'in').map((r) => r.activity.type)).toEqual(['message']);
  });

  it('greets once when a client sends two start requests at the same time', async () => {
    const fresh = (await postJson(`${running.baseUrl}/api/webchat/token`, {})).json as Session;
    const answers = await Promise.all([1, 2].map(() => postJson(`${dl}/conversations`, {}, auth(fresh.token))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    let set: ActivitySet = { activities: [], watermark: '' };
    const deadline = Date.now() + 10_000;
    while (!set.activities.some((a) => a.channelData?.camino?.tags?.includes('menu.prompt')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      set = (await (await fetch(activitiesUrl(fresh.conversationId), { headers: auth(fresh.token) })).json()) as ActivitySet;
    }
    expect(set.activities.filter((a) => a.channelData?.camino?.tags?.includes('menu.prompt'))).toHaveLength(1);
  });

  it('needs the secret to generate tokens', async () => {
    expect((await postJson(`${dl}/tokens/generate`, {}, auth(session.token))).status).toBe(403);
    const ok = await postJson(`${dl}/tokens/generate`, { user: { id: 'dl_tester' } }, auth(readSecret()));
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ expires_in: 1800 });
  });

  it.each([
    ['an unknown type', { type: 'invoke', text: 'x' }, /type/],
    ['text over the limit', { type: 'message', text: 'a'.repeat(5001) }, /text is limited to 5000 characters/],
    ['an attachment', { type: 'message', attachments: [{ contentType: 'image/png' }] }, /please type/],
    ['a non-object body', [1, 2, 3], /body|expected object/],
  ])('refuses an activity with %s with 400 and a reason, and stores nothing', async (_name, body, reason) => {
    const before = await running.app.runtime.transcripts.lastSeq('webchat', session.conversationId);
    const { status, json } = await postJson(activitiesUrl(session.conversationId), body, auth(session.token));
    expect(status).toBe(400);
    expect((json as { error: { message: string } }).error.message).toMatch(reason);
    expect(await running.app.runtime.transcripts.lastSeq('webchat', session.conversationId)).toBe(before);
  });

  it('refuses an oversized body with 413', async () => {
    const { status } = await postJson(activitiesUrl(session.conversationId), { type: 'message', text: 'x'.repeat(400 * 1024) }, auth(session.token));
    expect(status).toBe(413);
  });

  it('starts 100 conversations in parallel and each gets its own replies', async () => {
    // Server-side token generation with the secret: the public token route is rate-limited per address.
    const sessions = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const { json } = await postJson(`${dl}/tokens/generate`, { user: { id: `dl_user_${i}` } }, auth(readSecret()));
        return { ...(json as Session), userId: `dl_user_${i}` };
      }),
    );
    await Promise.all(sessions.map((s) => postJson(`${dl}/conversations`, {}, auth(s.token))));
    await Promise.all(sessions.map((s, i) => postJson(activitiesUrl(s.conversationId), { type: 'message', text: i % 2 ? '1' : '2' }, auth(s.token))));

    const deadline = Date.now() + 30_000;
    const results = await Promise.all(
      sessions.map(async (s, i) => {
        for (;;) {
          const response = await fetch(activitiesUrl(s.conversationId), { headers: auth(s.token) });
          const set = (await response.json()) as ActivitySet;
          const card = set.activities.flatMap((a) => a.channelData?.camino?.tags ?? []).find((t) => t.startsWith('card:'));
          if (card || Date.now() > deadline) return { set, card, expected: i % 2 ? 'card:mexico-returns' : 'card:asylum-basics', userId: s.userId };
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    for (const r of results) {
      expect(r.card).toBe(r.expected);
      expect(r.set.activities.every((a) => a.from.role === 'bot' || a.from.id === r.userId)).toBe(true);
    }
  });
});
