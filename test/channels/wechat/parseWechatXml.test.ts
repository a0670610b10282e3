import { XMLParser } from 'fast-xml-parser';
import { cdata, parseWechatXml, WechatXmlError } from '../../../src/channels/wechat/parseWechatXml';

const text = (content: string, msgId = '1234567890123456') =>
  `<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[oUser123]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;

describe('parseWechatXml', () => {
  it('reads a text push as strings, keeping a 64-bit MsgId exact and leading zeros', () => {
    const fields = parseWechatXml(text('0123', '9223372036854775807'));
    expect(fields).toMatchObject({ MsgType: 'text', Content: '0123', MsgId: '9223372036854775807', FromUserName: 'oUser123' });
  });

  it('keeps the MsgId of microsoft/BotFramework-WeChat\'s sample push (above 2^53) exact', () => {
    const sample = '<xml><ToUserName><![CDATA[gh_d13df7f4ef38]]></ToUserName>\n<FromUserName><![CDATA[of3ss6NTm25BKyE9KfDPD-ALSeWg]]></FromUserName>\n<CreateTime>1562066088</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hi]]></Content>\n<MsgId>22363405356629000</MsgId>\n</xml>';
    expect(parseWechatXml(sample)).toMatchObject({ MsgId: '22363405356629000', CreateTime: '1562066088', Content: 'hi' });
  });

  it('keeps Chinese text and markup-looking text as plain text', () => {
    expect(parseWechatXml(text('我想了解庇护 <b>&amp;</b>')).Content).toBe('我想了解庇护 <b>&amp;</b>');
  });

  it.each([
    ['an XXE payload', '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'],
    ['a billion-laughs payload', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>'],
    ['truncated XML', '<xml><Content><![CDATA[hello]]></Content>'],
    ['not XML at all', '{"json": true}'],
    ['an oversized body', text('x'.repeat(70 * 1024))],
    ['a root that is not <xml>', '<message><Content>hi</Content></message>'],
  ])('refuses %s', (_name, body) => {
    expect(() => parseWechatXml(body)).toThrow(WechatXmlError);
  });
});

describe('cdata', () => {
  it.each(['plain', 'a ]]> inside', ']]>]]>', '中文 <a href="x">'])('keeps %p intact through a parser', (value) => {
    const parsed = new XMLParser({ processEntities: false, parseTagValue: false }).parse(`<xml><C>${cdata(value)}</C></xml>`) as { xml: { C: string } };
    expect(parsed.xml.C).toBe(value);
  });
});
