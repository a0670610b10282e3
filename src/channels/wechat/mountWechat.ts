import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Next, Request, Response, Server } from 'restify';
import type { BotRuntime } from '../../bot/createBotRuntime';
import { MENU_EVENT } from '../../bot/FlowDialog';
import type { WechatConfig } from '../../config/loadConfig';
import type { InFlight } from '../../server/InFlight';
import type { Logger } from '../../util/logger';
import { cdata, MAX_WECHAT_BODY_BYTES, parseWechatXml, WechatXmlError } from './parseWechatXml';
import { WECHAT_CHANNEL, type WechatAdapter } from './WechatAdapter';
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

function query(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function sendText(res: Response, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.setHeader('content-type', type);
  res.writeHead(status);
  res.end(body);
}

/** The push as the activity every channel gives the bot; unsupported media become a short text the flow answers. */
function toActivity(fields: Record<string, string>, menuKeys: ReadonlyMap<string, string>): Partial<Activity> | undefined {
  const openId = fields.FromUserName;
  if (!openId) return undefined;
  const base: Partial<Activity> = {
    id: fields.MsgId ?? `${openId}:${fields.CreateTime ?? ''}:${fields.Event ?? ''}`,
    timestamp: new Date(Number(fields.CreateTime ?? '0') * 1000 || Date.now()),
    channelId: WECHAT_CHANNEL,
    serviceUrl: 'wechat',
    locale: 'zh-CN',
    conversation: { id: openId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: openId, name: '', role: 'user' },
    recipient: { id: fields.ToUserName ?? 'account', name: '', role: 'bot' },
  };
  const type = fields.MsgType;
  // A tap on a message-menu option carries its id; the options Camino sends are numbered, so the id is the number.
  if (type === 'text') return { ...base, type: 'message', text: fields.bizmsgmenuid ?? fields.Content ?? '' };
  if (type === 'voice') return { ...base, type: 'message', text: fields.Recognition ?? '', channelData: { wechatMsgType: 'voice' } };
  if (type === 'event' && fields.Event === 'subscribe') return { ...base, type: 'conversationUpdate', membersAdded: [{ id: openId, name: '' }] };
  const item = fields.Event === 'CLICK' ? menuKeys.get(fields.EventKey ?? '') : undefined;
  if (item) return { ...base, type: 'event', name: MENU_EVENT, value: item };
  if (type === 'event') return { ...base, type: 'event', name: `wechat/${(fields.Event ?? '').toLowerCase()}`, value: fields.EventKey ?? '' };
  return { ...base, type: 'message', text: '', channelData: { wechatMsgType: type ?? 'unknown' } };
}

/** `GET` and `POST /wechat`: the Official Account server URL, in plain or safe (`encrypt_type=aes`) mode. */
export function mountWechat(deps: WechatDeps): void {
  const { server, config, runtime, adapter, store, inFlight, logger, menuKeys } = deps;
  const key = config.encodingAesKey ? decodeAesKey(config.encodingAesKey) : undefined;

  server.get('/wechat', (req: Request, res: Response, next: Next) => {
    const q = query(req);
    if (!verifySignature(q.get('signature') ?? undefined, config.token, q.get('timestamp') ?? '', q.get('nonce') ?? '')) {
      sendText(res, 401, 'bad signature');
    } else sendText(res, 200, q.get('echostr') ?? '');
    next();
  });

  server.post('/wechat', async (req: Request, res: Response) => {
    const q = query(req);
    const contentType = req.header('content-type') ?? '';
    if (!/\b(text|application)\/xml\b/i.test(contentType)) return sendText(res, 415, 'WeChat pushes are XML');
    const raw: unknown = req.body;
    const body = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
    if (Buffer.byteLength(body) > MAX_WECHAT_BODY_BYTES) return sendText(res, 413, 'too large');
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > config.timestampToleranceS) {
      return sendText(res, 401, 'stale or missing timestamp');
    }
    const safe = q.get('encrypt_type') === 'aes';
    let fields: Record<string, string>;
    try {
      if (safe) {
        if (!key) return sendText(res, 400, 'safe mode is not configured');
        const outer = parseWechatXml(body);
        if (!verifySignature(q.get('msg_signature') ?? undefined, config.token, timestamp, nonce, outer.Encrypt ?? '')) {
          return sendText(res, 401, 'bad signature');
        }
        fields = parseWechatXml(decryptMessage(key, config.appId, outer.Encrypt ?? ''));
      } else {
        if (!verifySignature(q.get('signature') ?? undefined, config.token, timestamp, nonce)) return sendText(res, 401, 'bad signature');
        fields = parseWechatXml(body);
      }
    } catch (error) {
      if (error instanceof WechatXmlError || error instanceof WechatCryptoError) {
        logger.warn('wechat push refused', { reason: error.message });
        return sendText(res, 400, 'bad request');
      }
      throw error;
    }
    const activity = toActivity(fields, menuKeys);
    if (!activity?.id) return sendText(res, 400, 'not a message for this account');
    if (!(await store.claim(activity.id))) return sendText(res, 200, 'success');

    const outcome = await inFlight.track(() => adapter.handle(activity, (context) => runtime.bot.run(context)));
    if (outcome.kind === 'success') return sendText(res, 200, 'success');
    const reply = `<xml><ToUserName>${cdata(fields.FromUserName)}</ToUserName><FromUserName>${cdata(fields.ToUserName ?? '')}</FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(outcome.text)}</Content></xml>`;
    if (!key) return sendText(res, 200, reply, 'application/xml; charset=utf-8');
    const encrypted = encryptMessage(key, config.appId, reply);
    const replyNonce = randomBytes(8).toString('hex');
    const replyTime = String(Math.floor(Date.now() / 1000));
    const signature = computeSignature(config.token, replyTime, replyNonce, encrypted);
    return sendText(
      res,
      200,
      `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature><TimeStamp>${replyTime}</TimeStamp><Nonce>${cdata(replyNonce)}</Nonce></xml>`,
      'application/xml; charset=utf-8',
    );
  });
}
