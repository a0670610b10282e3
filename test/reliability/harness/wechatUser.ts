import { XMLParser } from 'fast-xml-parser';
import { computeSignature } from '../../../src/channels/wechat/wechatCrypto';
import { HttpFailure } from './directLineUser';

export const WECHAT_TOKEN = 'reliability-token';
export const WECHAT_APP_ID = 'wxreliability0001';
const ACCOUNT = 'gh_reliability';
const parser = new XMLParser({ processEntities: false, parseTagValue: false });

/** The environment that turns the service's WeChat endpoint on against the given fake API. */
export function wechatEnv(apiBaseUrl: string): Record<string, string> {
  return { WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET: 'reliability-secret', WECHAT_API_BASE_URL: apiBaseUrl, WECHAT_REPLY_BUDGET_MS: '3000' };
}

let sequence = 0;
/** A fresh 64-bit-looking MsgId, kept as a string as WeChat's are. */
const nextMsgId = () => `7${String(Date.now()).slice(-9)}${String((sequence += 1)).padStart(8, '0')}`;

/** Signs and posts one plain-mode push as WeChat's servers do. */
export async function postWechat(baseUrl: string, xml: string): Promise<{ status: number; text: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `n${(sequence += 1)}${Math.random().toString(36).slice(2, 8)}`;
  const signature = computeSignature(WECHAT_TOKEN, timestamp, nonce);
  const response = await fetch(`${baseUrl}/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  return { status: response.status, text: await response.text() };
}

/** One follower of the Official Account: a subscribe, then text messages, each a signed XML push. */
export class WechatUser {
  /** MsgIds of pushes the service answered with 200. */
  readonly acknowledged: string[] = [];
  /** Passive replies (the text inside the XML answer), in order. */
  readonly passive: string[] = [];
  readonly turnLatencies: number[] = [];
  readonly statuses: number[] = [];

  constructor(
    private readonly baseUrl: string,
    readonly openId: string,
  ) {}

  async subscribe(): Promise<void> {
    await this.push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>`);
  }

  /** Sends a text and returns the passive reply, or undefined when the service answered "success" (reply sent later). */
  async say(text: string, msgId = nextMsgId()): Promise<string | undefined> {
    const started = Date.now();
    const reply = await this.push(`<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId>`);
    this.acknowledged.push(msgId);
    this.turnLatencies.push(Date.now() - started);
    return reply;
  }

  private async push(inner: string): Promise<string | undefined> {
    const xml = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${this.openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${inner}</xml>`;
    const { status, text } = await postWechat(this.baseUrl, xml);
    this.statuses.push(status);
    if (status !== 200) throw new HttpFailure(status, 'POST /wechat');
    if (text === 'success') return undefined;
    const content = (parser.parse(text) as { xml: { Content: string } }).xml.Content;
    this.passive.push(content);
    return content;
  }
}
