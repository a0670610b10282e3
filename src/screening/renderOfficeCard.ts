import type { Locale } from '../content/cardSchema';
import { formatPhone, formatPhoneInternational } from '../firm/formatPhone';
import type { FirmProfile, Office } from '../firm/loadFirmProfile';
import type { Capabilities } from '../flow/types';
import type { Translator } from '../i18n/createTranslator';

export interface OfficeCardOptions {
  wechatFirst: boolean;
  /** The person is outside the US: numbers in their international form. */
  abroad: boolean;
  /** One more line each, after the office's own (the firm's international number for people abroad). */
  extraLines?: Office[];
}

/** One office's contact card: its name, tappable phones, the WeChat ID, hours and email when known, and what happens next. */
export function renderOfficeCard(firm: FirmProfile, office: Office, locale: Locale, texts: Translator, caps: Capabilities, options: OfficeCardOptions): string {
  const t = (key: string, vars?: Record<string, string>) => texts.t(locale, `screening:${key}`, vars);
  const phonesOf = (of: Office) =>
    of.phones
      .map((p) => {
        const shown = options.abroad ? formatPhoneInternational(p) : formatPhone(p);
        return caps.markdown ? `[${shown}](tel:${p})` : shown;
      })
      .join(', ');
  const phones = phonesOf(office);
  const wechatId = office.wechatId ?? firm.wechatId;
  const phoneLine = t('office.phone', { phones });
  const wechatLine = wechatId ? t('office.wechat', { id: wechatId }) : undefined;
  const lines = [
    caps.markdown ? `**${office.name[locale]}** · ${firm.name}` : `${office.name[locale]} · ${firm.name}`,
    ...(options.wechatFirst ? [wechatLine, phoneLine] : [phoneLine, wechatLine]),
    ...(options.extraLines ?? []).filter((extra) => extra.id !== office.id).map((extra) => t('office.also', { name: extra.name[locale], phones: phonesOf(extra) })),
    office.email ? t('office.email', { email: office.email }) : undefined,
    office.hours ? t('office.hours', { hours: office.hours[locale] }) : undefined,
    t('office.whatNext'),
  ];
  return lines.filter((l): l is string => l !== undefined).join(caps.markdown ? '  \n' : '\n');
}
