import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectSafety, loadSafetyTerms, parseSafetyTerms, type SafetyCategory } from '../../src/safety/detectSafety';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const SAFETY_FILE = path.join(findProjectRoot(__dirname), 'dialogs', 'safety.yaml');
const terms = loadSafetyTerms(SAFETY_FILE);

describe('detectSafety', () => {
  it.each<[string, SafetyCategory]>([
    ['they want to kill me', 'danger'],
    ['Someone is threatening me', 'danger'],
    ['me quieren matar', 'danger'],
    ['tengo miedo de que me maten', 'danger'],
    ['me estan amenazando', 'danger'],
    ['estoy en peligro', 'danger'],
    ['有人要杀我', 'danger'],
    ['我很危险', 'danger'],
    ['my husband beats me', 'violence'],
    ['I was raped on the way', 'violence'],
    ['mi pareja me golpea', 'violence'],
    ['sufro violencia doméstica', 'violence'],
    ['我老公家暴', 'violence'],
    ['my son was kidnapped', 'trafficking'],
    ['human trafficking', 'trafficking'],
    ['secuestro', 'trafficking'],
    ['secuestraron a mi hija', 'trafficking'],
    ['trata', 'trafficking'],
    ['es trata de personas', 'trafficking'],
    ['人口贩卖', 'trafficking'],
    ['我妹妹被拐卖了', 'trafficking'],
    ['my husband was detained', 'detention'],
    ['ICE arrested my brother', 'detention'],
    ['está detenido', 'detention'],
    ['lo detuvo ICE', 'detention'],
    ['la migra se lo llevó', 'detention'],
    ['我儿子被抓了', 'detention'],
    ['我丈夫被ICE抓了', 'detention'],
    ['被拘留', 'detention'],
    ['他被关押了', 'detention'],
    ['I have a court date', 'hearing'],
    ['my hearing is next week', 'hearing'],
    ['tengo corte', 'hearing'],
    ['tengo una audiencia el lunes', 'hearing'],
    ['cita en la corte', 'hearing'],
    ['我下个月要出庭', 'hearing'],
    ['什么时候开庭', 'hearing'],
    ['听证', 'hearing'],
    ['orden de deportacion', 'removal-order'],
    ['me dieron una orden de deportación', 'removal-order'],
    ['I got a deportation order', 'removal-order'],
    ['removal order', 'removal-order'],
    ['我收到了递解令', 'removal-order'],
    ['驱逐令', 'removal-order'],
  ])('%p raises %s', (text, category) => {
    expect(detectSafety(text, terms)).toContain(category);
  });

  it.each<[string, SafetyCategory]>([
    ['my husband was detaned', 'detention'],
    ['Está DETENIDO', 'detention'],
    ['esta detenida', 'detention'],
    ['kidnaped', 'trafficking'],
    ['me sequestraron', 'trafficking'],
    ['traficking', 'trafficking'],
    ['tengo orden de deportasion', 'removal-order'],
    ['me quieren matar!!!', 'danger'],
    ['AMENAZAS', 'danger'],
  ])('catches the misspelt or unaccented %p as %s', (text, category) => {
    expect(detectSafety(text, terms)).toContain(category);
  });

  it.each([
    ['what is expedited removal'],
    ['what did the court decide about the asylum ban'],
    ['¿qué es la deportación expedita?'],
    ['什么是加速遣返'],
    ['¿De qué se trata la regla?'],
    ['quiero contratar un abogado'],
    ['I retained a lawyer last year'],
    ['第42条驱逐令是什么'],
    ['how does the one year deadline work'],
    ['hola'],
    ['你好'],
  ])('stays quiet on the neutral %p', (text) => {
    expect(detectSafety(text, terms)).toEqual([]);
  });

  it('names every concern in one message', () => {
    expect(detectSafety('my husband was detained and has a court date', terms)).toEqual(['detention', 'hearing']);
  });

  it('matches the terms of every language, whatever the conversation language', () => {
    expect(detectSafety('Hello, la migra se lo llevó', terms)).toEqual(['detention']);
    expect(detectSafety('hola, 我被拘留了', terms)).toEqual(['detention']);
  });
});

describe('loadSafetyTerms', () => {
  it('names the file and the bad field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-safety-'));
    const file = path.join(dir, 'safety.yaml');
    fs.writeFileSync(file, fs.readFileSync(SAFETY_FILE, 'utf8').replace(/^ {2}hearing:/m, '  hearings:'));
    expect(() => loadSafetyTerms(file)).toThrow(file);
    expect(() => loadSafetyTerms(file)).toThrow('categories.hearing');
  });

  it('refuses a category without terms for a language', () => {
    const data = { categories: { ...terms.categories, danger: { ...terms.categories.danger, zh: [] } }, ignore: [] };
    expect(() => parseSafetyTerms(data, 'test data')).toThrow(/test data: categories\.danger\.zh/);
  });
});
