import { type ContactContext, displayPhone, readContact, type ContactReading } from '../../src/screening/readContact';

const us: ContactContext = { defaultCountry: 'US', expectWechat: false };
const mx: ContactContext = { defaultCountry: 'MX', expectWechat: false };
const zh: ContactContext = { defaultCountry: 'US', expectWechat: true };

describe('reading a way to reach the person', () => {
  it.each<[string, string, ContactContext, ContactReading]>([
    ['en', '(626) 555-0134', us, { kind: 'phone', value: '+16265550134' }],
    ['en', '626.555.0134', us, { kind: 'phone', value: '+16265550134' }],
    ['en', 'phone: +1 415 568 3777', us, { kind: 'phone', value: '+14155683777' }],
    ['en', '+011 (63) 917-622-2971', us, { kind: 'phone', value: '+639176222971' }],
    ['es', '55 1234 5678', mx, { kind: 'phone', value: '+525512345678' }],
    ['es', 'teléfono: 664 123 4567', mx, { kind: 'phone', value: '+526641234567' }],
    ['es', '(626) 555-0134', us, { kind: 'phone', value: '+16265550134' }],
    ['zh', '+86 138 0013 8000', zh, { kind: 'phone', value: '+8613800138000' }],
    ['zh', '电话：+86 138-0013-8000', zh, { kind: 'phone', value: '+8613800138000' }],
    ['zh', '微信号：yimin7788', zh, { kind: 'wechat', value: 'yimin7788' }],
    ['zh', 'wxid_camino01', zh, { kind: 'wechat', value: 'wxid_camino01' }],
    ['en', 'WeChat: maria_2024', us, { kind: 'wechat', value: 'maria_2024' }],
    ['en', 'Maria@Example.com', us, { kind: 'email', value: 'maria@example.com' }],
    ['es', 'correo: ana.lopez@correo.mx', mx, { kind: 'email', value: 'ana.lopez@correo.mx' }],
    ['en', '12345', us, { kind: 'invalid', problem: 'phone' }],
    ['es', '555 12', mx, { kind: 'invalid', problem: 'phone' }],
    ['zh', '138 0013 8000', zh, { kind: 'invalid', problem: 'phone' }],
    ['en', 'maria@', us, { kind: 'invalid', problem: 'email' }],
    ['zh', '微信：1234', zh, { kind: 'invalid', problem: 'wechat' }],
    ['en', 'call me tomorrow', us, { kind: 'invalid', problem: 'unclear' }],
    ['en', 'maria_2024', us, { kind: 'invalid', problem: 'unclear' }],
  ])('%s: %j', (_lang, text, context, expected) => {
    expect(readContact(text, context)).toEqual(expected);
  });

  it.each([
    ['+16265550134', 'US', '(626) 555-0134'],
    ['+525512345678', 'MX', '55 1234 5678'],
    ['+16265550134', 'MX', '+1 626 555 0134'],
    ['+8613800138000', 'US', '+86 138 0013 8000'],
  ] as const)('shows %s to someone in %s as %s', (e164, home, shown) => {
    expect(displayPhone(e164, home)).toBe(shown);
  });
});
