import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

export type ContactReading =
  | { kind: 'phone'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'wechat'; value: string }
  | { kind: 'invalid'; problem: 'phone' | 'email' | 'wechat' | 'unclear' };

export interface ContactContext {
  /** Where a number without a country code is dialled: US by default, MX for people in Mexico. */
  defaultCountry: CountryCode;
  /** The person prefers WeChat or writes in Chinese: a bare handle is read as a WeChat ID. */
  expectWechat: boolean;
}

const WECHAT_PREFIX = /^(?:wechat|weixin|微信号?)(?:\s*id)?(?:\s*[:：]\s*|\s+)/i;
const EMAIL_PREFIX = /^(e-?mail|correo|邮箱|电子邮件)\s*[:：]?\s*/i;
const PHONE_PREFIX = /^(tel[eé]fono|celular|whatsapp|phone|tel|cel|电话|手机)\s*[:：]?\s*/i;
/** WeChat's own rule for chosen IDs: 6 to 20 letters, digits, _ or -, starting with a letter. */
const WECHAT_ID = /^[a-zA-Z][a-zA-Z0-9_-]{5,19}$/;
const PHONE_CHARACTERS = /^[+\d\s().\-－—]+$/;
const emailSchema = z.email();

/**
 * Reads a way to reach the person from what they typed: a phone number (checked with libphonenumber, kept in
 * E.164), an email address (checked with zod) or a WeChat ID. Something that looks like one of them but is not
 * gets `invalid` with the kind, so the bot can say exactly what to fix.
 */
export function readContact(text: string, context: ContactContext): ContactReading {
  const raw = text.trim();
  if (WECHAT_PREFIX.test(raw)) return readWechat(raw.replace(WECHAT_PREFIX, '').trim());
  const unprefixed = raw.replace(EMAIL_PREFIX, '').replace(PHONE_PREFIX, '').trim();
  if (unprefixed.includes('@')) return readEmail(unprefixed);
  if (PHONE_CHARACTERS.test(unprefixed) && /\d/.test(unprefixed)) return readPhone(unprefixed, context.defaultCountry);
  if (context.expectWechat && WECHAT_ID.test(unprefixed)) return { kind: 'wechat', value: unprefixed };
  return { kind: 'invalid', problem: 'unclear' };
}

function readEmail(text: string): ContactReading {
  const parsed = emailSchema.safeParse(text);
  return parsed.success ? { kind: 'email', value: parsed.data.toLowerCase() } : { kind: 'invalid', problem: 'email' };
}

function readWechat(text: string): ContactReading {
  return WECHAT_ID.test(text) ? { kind: 'wechat', value: text } : { kind: 'invalid', problem: 'wechat' };
}

/** "+011 (63) 917..." mixes the plus with the US exit code; both mean "an international number follows". */
function normalisePhone(text: string): string {
  return text.replace(/[－—]/g, '-').replace(/^\+\s*0{1,2}11\s*/, '+').replace(/^\+\s*00\s*/, '+');
}

function readPhone(text: string, defaultCountry: CountryCode): ContactReading {
  const phone = parsePhoneNumberFromString(normalisePhone(text), defaultCountry);
  return phone?.isValid() ? { kind: 'phone', value: phone.number } : { kind: 'invalid', problem: 'phone' };
}

/** A stored E.164 number the way the person would write it: national form at home, international otherwise. */
export function displayPhone(e164: string, homeCountry: CountryCode): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === homeCountry ? phone.formatNational() : phone.formatInternational();
}
