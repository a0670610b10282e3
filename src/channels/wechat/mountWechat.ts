import { randomBytes } from 'node:crypto';
import type { Next, Request, Response, Server } from 'restify';
import type { BotRuntime } from '../../bot/createBotRuntime';
import type { WechatConfig } from '../../config/loadConfig';
import type { InFlight } from '../../server/InFlight';
import type { Logger } from '../../util/logger';
import { cdata, MAX_WECHAT_BODY_BYTES, parseWechatXml, WechatXmlError } from './parseWechatXml';
import { toWechatActivity } from './toWechatActivity';
import type { WechatAdapter } from './WechatAdapter';
import { computeSignature, decodeAesKey, decryptMessage, encryptMessage, verifySignature, WechatCryptoError } from './wechatCrypto';
import type { WechatStore } from './WechatStore';

export interface WechatDeps {
  server: Server;
  config: WechatConfig;
  runtime: BotRuntime;
  adapter: WechatAdapter;
  store: WechatStore;
  /** CLICK button keys of the account's menu -> main-menu item ids. */
  menuKeys: ReadonlyMap<string, string>;
  inFlight: InFlight;
  logger: Logger;
}

/** A push refused before any turn runs: the HTTP status and a reason for the log (never message content). */
class PushRefused extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

const XML_TYPE = 'application/xml; charset=utf-8';

function query(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function sendText(res: Response, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.setHeader('content-type', type);
  res.writeHead(status);
  res.end(body);
}

/** restify's global body parser may have read the body already; either way the raw XML is wanted. */
function rawBody(req: Request): string {
  const raw: unknown = req.body;
  if (typeof raw === 'string') return raw;
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
}

/** `GET` and `POST /wechat`: the Official Account server URL, in plain or safe (`encrypt_type=aes`) mode. */
export function mountWechat(deps: WechatDeps): void {
  const { server, config, runtime, adapter, store, inFlight, logger, menuKeys } = deps;
  const key = config.encodingAesKey ? decodeAesKey(config.encodingAesKey) : undefined;

  /**
   * Checks the signature, the timestamp and (in safe mode) decrypts: the push's fields, or PushRefused. In plain
   * mode it also returns the signature's replay key, claimed only once the push proves to be a message.
   */
  function openPush(q: URLSearchParams, body: string): { fields: Record<string, string>; replayKey?: string } {
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > config.timestampToleranceS) {
      throw new PushRefused(401, 'stale or missing timestamp');
    }
    if (q.get('encrypt_type') === 'aes') {
      if (!key) throw new PushRefused(400, 'safe-mode push but no EncodingAESKey is configured');
      const outer = parseWechatXml(body);
      if (!verifySignature(q.get('msg_signature') ?? undefined, config.token, timestamp, nonce, outer.Encrypt ?? '')) {
        throw new PushRefused(401, 'bad msg_signature');
      }
      return { fields: parseWechatXml(decryptMessage(key, config.appId, outer.Encrypt ?? '')) };
    }
    // The plain signature does not cover the body: with safe mode on, a plain push can only be a forgery.
    if (key) throw new PushRefused(400, 'plain push while safe mode is configured');
    const signature = q.get('signature') ?? undefined;
    if (!verifySignature(signature, config.token, timestamp, nonce)) throw new PushRefused(401, 'bad signature');
    return { fields: parseWechatXml(body), replayKey: `sig:${timestamp}:${nonce}:${signature ?? ''}` };
  }

  function passiveReply(to: string, from: string, text: string): string {
    const reply = `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(text)}</Content></xml>`;
    if (!key) return reply;
    const encrypted = encryptMessage(key, config.appId, reply);
    const nonce = randomBytes(8).toString('hex');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = computeSignature(config.token, timestamp, nonce, encrypted);
    return `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`;
  }

  server.get('/wechat', (req: Request, res: Response, next: Next) => {
    const q = query(req);
    if (!verifySignature(q.get('signature') ?? undefined, config.token, q.get('timestamp') ?? '', q.get('nonce') ?? '')) {
      logger.warn('wechat url check refused', { reason: 'bad signature' });
      sendText(res, 401, 'bad signature');
    } else sendText(res, 200, q.get('echostr') ?? '');
    next();
  });

  server.post('/wechat', async (req: Request, res: Response) => {
    if (!/\b(text|application)\/xml\b/i.test(req.header('content-type') ?? '')) return sendText(res, 415, 'WeChat pushes are XML');
    const body = rawBody(req);
    if (Buffer.byteLength(body) > MAX_WECHAT_BODY_BYTES) return sendText(res, 413, 'too large');
    let fields: Record<string, string>;
    let replayKey: string | undefined;
    try {
      ({ fields, replayKey } = openPush(query(req), body));
    } catch (error) {
      if (error instanceof PushRefused) {
        logger.warn('wechat push refused', { reason: error.message, status: error.status });
        return sendText(res, error.status, error.status === 200 ? 'success' : 'refused');
      }
      if (error instanceof WechatXmlError || error instanceof WechatCryptoError) {
        logger.warn('wechat push refused', { reason: error.message, status: 400 });
        return sendText(res, 400, 'bad request');
      }
      throw error;
    }
    const activity = toWechatActivity(fields, menuKeys);
    if (!activity?.id || !activity.from) return sendText(res, 400, 'not a message for this account');
    // Plain mode signs no body: a signature seen before carrying another message is a replay, and runs no turn.
    if (replayKey && !(await store.claim(replayKey))) {
      logger.warn('wechat push refused', { reason: 'signature seen before', status: 200 });
      return sendText(res, 200, 'success');
    }
    if (!(await store.claim(activity.id))) return sendText(res, 200, 'success');

    const outcome = await inFlight.track(() => adapter.handle(activity, (context) => runtime.bot.run(context)));
    if (outcome.kind === 'success') return sendText(res, 200, 'success');
    sendText(res, 200, passiveReply(activity.from.id, fields.ToUserName ?? '', outcome.text), XML_TYPE);
    adapter.sendLater(activity.from.id, outcome.rest);
  });
}
