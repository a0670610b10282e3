import type { Locale } from '../content/cardSchema';
import type { FirmProfile, Office } from '../firm/loadFirmProfile';
import { formatPhone } from '../firm/formatPhone';
import type { Translator } from '../i18n/createTranslator';
import type { Capabilities } from './types';

export function renderPhone(e164: string, caps: Capabilities): string {
  const shown = formatPhone(e164);
  return caps.markdown ? `[${shown}](tel:${e164})` : shown;
}

function renderOffice(office: Office, locale: Locale, texts: Translator, caps: Capabilities): string {
  const lines = [
    texts.t(locale, 'contact.office', { name: office.name[locale], phones: office.phones.map((p) => renderPhone(p, caps)).join(', ') }),
  ];
  if (office.wechatId) lines.push(texts.t(locale, 'contact.wechat', { id: office.wechatId }));
  if (office.email) lines.push(texts.t(locale, 'contact.email', { email: office.email }));
  if (office.hours) lines.push(texts.t(locale, 'contact.hours', { hours: office.hours[locale] }));
  return lines.join(caps.markdown ? '  \n' : '\n');
}

/** The firm's offices with tappable phone numbers; Chinese speakers see the WeChat ID first. */
export function renderOfficeList(firm: FirmProfile, locale: Locale, texts: Translator, caps: Capabilities): string {
  const offices = firm.offices.map((o) => `${caps.markdown ? '- ' : ''}${renderOffice(o, locale, texts, caps)}`);
  const wechat = firm.wechatId ? texts.t(locale, 'contact.wechat', { id: firm.wechatId }) : undefined;
  const email = firm.email ? texts.t(locale, 'contact.email', { email: firm.email }) : undefined;
  const firmLines = [wechat, email].filter((line): line is string => Boolean(line)).map((l) => (caps.markdown ? `- ${l}` : l));
  const ordered = locale === 'zh' ? [...firmLines, ...offices] : [...offices, ...firmLines];
  return ordered.join('\n');
}
