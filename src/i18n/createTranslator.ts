import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LOCALES, type Locale } from '../content/cardSchema';

export const NAMESPACES = ['common', 'screening', 'wechat', 'whatsapp', 'widget'] as const;

export interface Translator {
  t(locale: Locale, key: string, vars?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** Reads `locales/<lang>/<namespace>.json` for every language. */
export function readLocaleResources(localesDir: string): Resource {
  const resources: Resource = {};
  for (const locale of LOCALES) {
    resources[locale] = {};
    for (const ns of NAMESPACES) {
      const file = path.join(localesDir, locale, `${ns}.json`);
      resources[locale][ns] = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

export function createTranslator(localesDir: string): Translator {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources: readLocaleResources(localesDir),
    lng: 'en',
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    initAsync: false,
    // Text goes to chat clients and to WeChat, not into HTML; renderers escape where needed.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return {
    t(locale, key, vars) {
      const text = instance.t(key, { lng: locale, ...vars });
      if (text === key) throw new Error(`missing text ${locale}:${key}`);
      return text;
    },
    has(key) {
      return LOCALES.every((locale) => instance.exists(key, { lng: locale }));
    },
  };
}
