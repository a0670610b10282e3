import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

export const MAX_WECHAT_BODY_BYTES = 64 * 1024;

export class WechatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatXmlError';
  }
}

/**
 * No entity expansion (XXE, billion laughs) and no type coercion: `0123` stays `0123` and a 64-bit `MsgId`
 * stays an exact string. A DOCTYPE is refused outright; WeChat never sends one.
 */
const parser = new XMLParser({
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: false,
  htmlEntities: false,
});

const fields = z.record(z.string(), z.union([z.string(), z.record(z.string(), z.unknown())]));

/** The flat `<xml>` element of a WeChat push as string fields. */
export function parseWechatXml(body: string): Record<string, string> {
  if (Buffer.byteLength(body, 'utf8') > MAX_WECHAT_BODY_BYTES) throw new WechatXmlError('body too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new WechatXmlError('DOCTYPE and entity declarations are not accepted');
  if (XMLValidator.validate(body) !== true) throw new WechatXmlError('not well-formed XML');
  let tree: unknown;
  try {
    tree = parser.parse(body);
  } catch {
    // The parser refuses some well-formed XML too (e.g. "Maximum nested tags exceeded"): still the sender's fault.
    throw new WechatXmlError('XML the parser refuses');
  }
  const parsed = z.object({ xml: fields }).safeParse(tree);
  if (!parsed.success) throw new WechatXmlError('expected one <xml> element with fields');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.data.xml)) if (typeof value === 'string') out[name] = value;
  return out;
}

/** Text inside CDATA cannot contain `]]>`; split it across two sections so any text survives. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
