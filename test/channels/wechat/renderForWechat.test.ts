import { packForWechat, toWechatText, WECHAT_MAX_TEXT_BYTES } from '../../../src/channels/wechat/renderForWechat';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('toWechatText', () => {
  it.each([
    ['**Title 42** and _as of May 2023_', 'Title 42 and as of May 2023'],
    ['see [Reuters, 3 May 2023](https://www.reuters.com/x)', 'see <a href="https://www.reuters.com/x">Reuters, 3 May 2023</a>'],
    ['call [(626) 795-6777](tel:+16267956777)', 'call (626) 795-6777'],
    ['line one  \nline two', 'line one\nline two'],
  ])('%p -> %p', (input, output) => {
    expect(toWechatText(input)).toBe(output);
  });
});

describe('packForWechat', () => {
  it('joins a turn\'s short messages into one WeChat text', () => {
    expect(packForWechat(['您好。', '请选择：\n1. 庇护\n2. 联系办公室'])).toEqual(['您好。\n\n请选择：\n1. 庇护\n2. 联系办公室']);
  });

  it('splits long Chinese text at sentence ends, every part under 2,048 bytes, nothing lost', () => {
    const sentence = '这是一句关于庇护申请期限的说明，请仔细阅读。';
    const long = sentence.repeat(120);
    const parts = packForWechat([long]);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytes(part)).toBeLessThanOrEqual(WECHAT_MAX_TEXT_BYTES);
      expect(part.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(long);
  });

  it('keeps phone numbers whole when splitting English text', () => {
    const text = `${'Please read this sentence about the deadline. '.repeat(60)}Call (626) 795-6777 today.`;
    const parts = packForWechat([text]);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
    expect(parts.some((p) => p.includes('(626) 795-6777'))).toBe(true);
  });

  it('cuts a single overlong word without breaking a character apart', () => {
    const parts = packForWechat(['中'.repeat(1000)]);
    expect(parts.every((p) => bytes(p) <= WECHAT_MAX_TEXT_BYTES)).toBe(true);
    expect(parts.join('')).toBe('中'.repeat(1000));
  });
});
