import path from 'node:path';
import { detectLanguage, detectLanguageCommand, localeFromTag } from '../../src/language/detectLanguage';
import { loadVocabulary } from '../../src/recognize/loadVocabulary';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const vocabulary = loadVocabulary(path.join(findProjectRoot(__dirname), 'dialogs', 'vocabulary.yaml'));

describe('localeFromTag', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
    ['es-MX', 'es'],
    ['es-ES', 'es'],
    ['es-419', 'es'],
    ['es', 'es'],
    ['zh-CN', 'zh'],
    ['zh-TW', 'zh'],
    ['zh-HK', 'zh'],
    ['zh-Hant', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hant-TW', 'zh'],
    ['zh_CN', 'zh'],
    ['zh', 'zh'],
  ])('reads %s as %s', (tag, locale) => {
    expect(localeFromTag(tag)).toBe(locale);
  });

  it.each([['fr-FR'], ['pt-BR'], ['english'], ['esp'], [''], [undefined]])('has no locale for %p', (tag) => {
    expect(localeFromTag(tag)).toBeUndefined();
  });
});

describe('detectLanguage', () => {
  it.each([
    ['hi', 'en'],
    ['hello, I need help with my asylum case', 'en'],
    ['what is title 42', 'en'],
    ['my husband was deported', 'en'],
    ['hola', 'es'],
    ['quiero asilo', 'es'],
    ['necesito ayuda', 'es'],
    ['donde esta mi esposo', 'es'],
    ['como puedo pedir asilo', 'es'],
    ['¿Dónde?', 'es'],
    ['mi hijo', 'es'],
    ['deportacion', 'es'],
    ['你好', 'zh'],
    ['我需要帮助', 'zh'],
    ['我想了解CBP One', 'zh'],
    ['WeChat 微信', 'zh'],
  ])('%p is %s', (text, locale) => {
    expect(detectLanguage(text)).toBe(locale);
  });

  it.each([['12345'], ['😀👍'], ['asdfgh'], ['ok'], ['...'], ['']])('cannot tell the language of %p', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});

describe('detectLanguageCommand', () => {
  it.each([
    ['English', 'en'],
    ['english', 'en'],
    ['inglés', 'en'],
    ['ingles', 'en'],
    ['英文', 'en'],
    ['英语', 'en'],
    ['in English please', 'en'],
    ['Can you speak English?', 'en'],
    ['Español', 'es'],
    ['espanol', 'es'],
    ['Spanish', 'es'],
    ['西班牙语', 'es'],
    ['en español por favor', 'es'],
    ['¿Hablas español?', 'es'],
    ['中文', 'zh'],
    ['Chinese', 'zh'],
    ['chino', 'zh'],
    ['汉语', 'zh'],
    ['普通话', 'zh'],
    ['请用中文', 'zh'],
    ['说中文', 'zh'],
    ['你会说中文吗', 'zh'],
  ])('%p asks for %s', (text, locale) => {
    expect(detectLanguageCommand(text, vocabulary)).toBe(locale);
  });

  it.each([
    ['I speak English but my son speaks Spanish'],
    ['no hablo inglés'],
    ['我不会说英文'],
    ['English or Spanish'],
    ['my lawyer only speaks Spanish with me'],
    ['hello'],
    ['asilo'],
    [''],
  ])('%p is not a request to switch', (text) => {
    expect(detectLanguageCommand(text, vocabulary)).toBeUndefined();
  });
});
