import path from 'node:path';
import { DEFAULT_RETENTION_DAYS } from '../config/defaults';
import { loadCards } from '../content/loadCards';
import { type ContentSettings, loadContentSettings } from '../content/loadContentSettings';
import { CardPresenter } from '../flow/CardPresenter';
import { checkDisclaimerKeys, loadFirmProfile } from '../firm/loadFirmProfile';
import { FlowEngine, type FlowDeps } from '../flow/FlowEngine';
import { checkFlowReferences, loadFlows } from '../flow/loadFlows';
import { createTranslator } from '../i18n/createTranslator';
import { loadVocabulary } from '../recognize/recognizeChoice';
import { Retriever } from '../retrieval/Retriever';
import { loadSafetyTerms } from '../safety/detectSafety';
import { checkScreeningReferences, loadScreening } from '../screening/loadScreening';
import { ScreeningEngine } from '../screening/ScreeningEngine';

export interface Domain extends FlowDeps {
  engine: FlowEngine;
  screeningEngine: ScreeningEngine;
  /** dialogs/content.yaml: how often cards are reviewed, timeline pages, what a phone screen holds. */
  settings: ContentSettings;
  /** The clock every review date is measured against. */
  now: () => Date;
}

export interface DomainOptions {
  /** RETENTION_DAYS: said in the consent step and on the privacy card. */
  retentionDays?: number;
  /** The clock; the real one unless a test or a check moves it. */
  now?: () => Date;
}

/** Loads and cross-checks everything the conversation is made of; a mistake in the data stops start-up. */
export function loadDomain(root: string, options: DomainOptions = {}): Domain {
  const localesDir = path.join(root, 'locales');
  const dialogsDir = path.join(root, 'dialogs');
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const now = options.now ?? (() => new Date());
  const content = loadCards(localesDir, { retentionDays });
  const settings = loadContentSettings(path.join(dialogsDir, 'content.yaml'));
  const texts = createTranslator(localesDir);
  const flows = loadFlows(path.join(dialogsDir, 'flows.yaml'));
  const problems = checkFlowReferences(flows, content.ids, (key) => texts.has(key));
  if (problems.length > 0) throw new Error(`dialogs/flows.yaml refers to things that do not exist:\n  ${problems.join('\n  ')}`);
  const firm = loadFirmProfile(path.join(dialogsDir, 'firm.yaml'));
  const firmProblems = checkDisclaimerKeys(firm, (key) => texts.has(key));
  if (firmProblems.length > 0) throw new Error(`dialogs/firm.yaml refers to texts that do not exist:\n  ${firmProblems.join('\n  ')}`);
  const screening = loadScreening(path.join(dialogsDir, 'screening.yaml'));
  const screeningProblems = checkScreeningReferences(screening, { officeIds: firm.offices.map((o) => o.id), cardIds: content.ids }, (key) => texts.has(key));
  if (screeningProblems.length > 0) throw new Error(`dialogs/screening.yaml refers to things that do not exist:\n  ${screeningProblems.join('\n  ')}`);
  const presenter = new CardPresenter({ content, texts, settings, now, serviceCards: flows.serviceCards });
  const deps: FlowDeps = {
    flows,
    content,
    presenter,
    texts,
    firm,
    screening,
    retriever: new Retriever([...content.cards]),
    vocabulary: loadVocabulary(path.join(dialogsDir, 'vocabulary.yaml')),
    safetyTerms: loadSafetyTerms(path.join(dialogsDir, 'safety.yaml')),
  };
  const screeningEngine = new ScreeningEngine({
    definition: screening,
    retentionDays,
    firm,
    presenter,
    texts,
    vocabulary: deps.vocabulary,
    safetyTerms: deps.safetyTerms,
    cards: { contact: flows.contactCard, emergency: flows.emergencyCard, referral: screening.referralCard },
    commands: { menu: flows.commands.menu, deleteData: screening.deleteData },
  });
  return { ...deps, engine: new FlowEngine(deps), screeningEngine, settings, now };
}
