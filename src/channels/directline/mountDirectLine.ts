import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { BotRuntime } from '../../bot/createBotRuntime';
import { describeIssues } from '../../server/activitySchema';
import type { InFlight } from '../../server/InFlight';
import type { Logger } from '../../util/logger';
import type { ConversationNotifier } from './ConversationFeed';
import { answerSync, isTheSecret, readBearer, readQueryParam, readRouteParam, sendForbidden } from './directLineHttp';
import { BOT_ACCOUNT, DIRECTLINE_CHANNEL, type DirectLineAdapter, newActivityId } from './DirectLineAdapter';
import { postedActivitySchema, startBodySchema, watermarkSchema } from './directLineSchemas';
import { attachStreams } from './streams';
import { issueToken, type TokenGrant, verifyToken } from './tokens';
import { isVisibleToClient } from './visibleActivities';

export interface DirectLineDeps {
  server: Server;
  runtime: BotRuntime;
  adapter: DirectLineAdapter;
  feed: ConversationNotifier;
  secret: string;
  inFlight: InFlight;
  logger: Logger;
}

const BASE = '/v3/directline';

/** Camino's own Direct Line 3.0 endpoint: the subset the Web Chat widget and botframework-directlinejs use. */
export function mountDirectLine(deps: DirectLineDeps): { close(): void } {
  const { server, runtime, adapter, feed, secret, inFlight } = deps;
  const starting = new Map<string, Promise<void>>();

  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: number): string => {
    const secure = req.header('x-forwarded-proto') === 'https' || req.isSecure();
    const from = watermark === undefined ? '' : `&watermark=${watermark}`;
    return `${secure ? 'wss' : 'ws'}://${req.header('host')}${BASE}/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}${from}`;
  };

  const grantFor = (req: Request, conversationId: string): TokenGrant | undefined => {
    const token = readBearer(req);
    const grant = token ? verifyToken(secret, token) : undefined;
    return grant && grant.conversationId === conversationId ? grant : undefined;
  };

  const isStarted = async (conversationId: string): Promise<boolean> =>
    starting.has(conversationId) || (await runtime.transcripts.lastSeq(DIRECTLINE_CHANNEL, conversationId)) > 0;

  /**
   * The channel tells the bot who joined, as Direct Line does; the client never sees this activity. It is logged
   * before the start is acknowledged, so a conversation the client was told exists survives a crash; the turn
   * (the greeting) runs after that. Resolves once logged.
   */
  const start = (grant: TokenGrant, locale: string | undefined, serviceUrl: string): Promise<unknown> => {
    const activity: Partial<Activity> = {
      type: 'conversationUpdate',
      id: newActivityId(grant.conversationId),
      timestamp: new Date(),
      channelId: DIRECTLINE_CHANNEL,
      serviceUrl,
      conversation: { id: grant.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: grant.userId, name: '', role: 'user' },
      recipient: BOT_ACCOUNT,
      membersAdded: [{ id: grant.userId, name: '' }],
      locale,
    };
    const logged = runtime.transcripts.append({
      channelId: DIRECTLINE_CHANNEL,
      conversationId: grant.conversationId,
      activityId: activity.id ?? '',
      direction: 'in',
      timestamp: new Date().toISOString(),
      activity: JSON.parse(JSON.stringify(activity)) as object,
    });
    const running = inFlight.track(() => logged.then(() => adapter.processActivity(activity, (context) => runtime.bot.run(context))));
    starting.set(grant.conversationId, running);
    // A failed log is answered by the request that awaits it; a failed turn is the adapter's to report.
    void running.catch(() => undefined).finally(() => starting.delete(grant.conversationId));
    return logged;
  };

  /** The grant for the conversation in the path, once it has started; otherwise answers 403 or 404. */
  const startedGrant = async (req: Request, res: Response): Promise<TokenGrant | undefined> => {
    const grant = grantFor(req, readRouteParam(req, 'id'));
    if (!grant) {
      sendForbidden(res);
      return undefined;
    }
    if (!(await isStarted(grant.conversationId))) {
      res.send(404, { error: { code: 'BadArgument', message: 'Conversation not found.' } });
      return undefined;
    }
    return grant;
  };

  const conversationAnswer = (req: Request, grant: TokenGrant, token: string, watermark?: number) => ({
    conversationId: grant.conversationId,
    token,
    expires_in: Math.max(0, Math.floor((grant.expiresAt - Date.now()) / 1000)),
    streamUrl: streamUrl(req, grant.conversationId, token, watermark),
  });

  const baseUrl = (req: Request) => `${req.isSecure() ? 'https' : 'http'}://${req.header('host')}`;

  server.post(`${BASE}/tokens/generate`, answerSync((req: Request, res: Response) => {
    if (!isTheSecret(readBearer(req), secret)) {
      res.send(403, { error: { code: 'BadArgument', message: 'A Direct Line secret is required.' } });
      return;
    }
    const body = startBodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      res.send(400, { error: { code: 'BadArgument', message: describeIssues(body.error) } });
      return;
    }
    const conversationId = randomUUID().replace(/-/g, '');
    const userId = body.data.user?.id ?? `dl_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const { token, expiresIn } = issueToken(secret, { conversationId, userId, locale: body.data.locale });
    res.send(200, { conversationId, token, expires_in: expiresIn });
  }));

  server.post(`${BASE}/tokens/refresh`, answerSync((req: Request, res: Response) => {
    const token = readBearer(req);
    const grant = token ? verifyToken(secret, token) : undefined;
    if (!grant) return sendForbidden(res);
    const fresh = issueToken(secret, grant);
    res.send(200, { conversationId: grant.conversationId, token: fresh.token, expires_in: fresh.expiresIn });
  }));

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    const body = startBodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      res.send(400, { error: { code: 'BadArgument', message: describeIssues(body.error) } });
      return;
    }
    const given = readBearer(req);
    let grant: TokenGrant | undefined;
    let token = given ?? '';
    if (isTheSecret(given, secret)) {
      const userId = body.data.user?.id ?? `dl_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const issued = issueToken(secret, { conversationId: randomUUID().replace(/-/g, ''), userId, locale: body.data.locale });
      token = issued.token;
      grant = verifyToken(secret, token);
    } else {
      grant = given ? verifyToken(secret, given) : undefined;
    }
    if (!grant) return sendForbidden(res);
    // Checked again after the await: two start requests at once must not greet twice.
    const already = (await isStarted(grant.conversationId)) || starting.has(grant.conversationId);
    if (!already) await start(grant, body.data.locale ?? grant.locale, baseUrl(req));
    res.send(already ? 200 : 201, conversationAnswer(req, grant, token));
  });

  server.get(`${BASE}/conversations/:id`, async (req: Request, res: Response) => {
    const grant = await startedGrant(req, res);
    if (!grant) return;
    const watermark = watermarkSchema.safeParse(readQueryParam(req, 'watermark'));
    res.send(200, conversationAnswer(req, grant, readBearer(req) ?? '', watermark.success ? watermark.data : undefined));
  });

  server.post(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const grant = await startedGrant(req, res);
    if (!grant) return;
    const conversationId = grant.conversationId;
    const parsed = postedActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: { code: 'BadArgument', message: describeIssues(parsed.error) } });
      return;
    }
    const id = newActivityId(conversationId);
    // A person's typing indicator is not part of what was said: acknowledged, never logged or run as a turn.
    if (parsed.data.type === 'typing') {
      res.send(200, { id });
      return;
    }
    const { attachments, ...fields } = parsed.data;
    void attachments;
    const activity: Partial<Activity> = {
      ...fields,
      id,
      timestamp: new Date(),
      channelId: DIRECTLINE_CHANNEL,
      serviceUrl: baseUrl(req),
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: grant.userId, name: parsed.data.from?.name ?? '', role: 'user' },
      recipient: BOT_ACCOUNT,
    };
    await runtime.transcripts.append({
      channelId: DIRECTLINE_CHANNEL,
      conversationId,
      activityId: id,
      direction: 'in',
      timestamp: new Date().toISOString(),
      activity: JSON.parse(JSON.stringify(activity)) as object,
    });
    feed.publish(conversationId);
    res.send(200, { id });
    void (starting.get(conversationId) ?? Promise.resolve()).then(() =>
      inFlight.track(() => adapter.processActivity(activity, (context) => runtime.bot.run(context))),
    );
  });

  server.get(`${BASE}/conversations/:id/activities`, async (req: Request, res: Response) => {
    const grant = await startedGrant(req, res);
    if (!grant) return;
    const conversationId = grant.conversationId;
    const watermark = watermarkSchema.safeParse(readQueryParam(req, 'watermark'));
    if (!watermark.success) {
      res.send(400, { error: { code: 'BadArgument', message: describeIssues(watermark.error) } });
      return;
    }
    const rows = await runtime.transcripts.list(DIRECTLINE_CHANNEL, conversationId, { afterSeq: watermark.data ?? 0, limit: 500 });
    const last = rows.length > 0 ? rows[rows.length - 1].seq : (watermark.data ?? 0);
    res.send(200, { activities: rows.map((r) => r.activity).filter(isVisibleToClient), watermark: String(last) });
  });

  return attachStreams({ server, secret, feed, transcripts: runtime.transcripts, logger: deps.logger });
}
