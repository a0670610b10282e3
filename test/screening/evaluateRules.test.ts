import path from 'node:path';
import { evaluateRules, type Answers } from '../../src/screening/evaluateRules';
import { checkScreeningReferences, loadScreening, parseScreening } from '../../src/screening/loadScreening';
import { ROOT, realDomain } from '../helpers/testRuntime';

const definition = loadScreening(path.join(ROOT, 'dialogs', 'screening.yaml'));
const calm: Answers = { location: 'us', encounter: 'none', urgency: 'none', nationality: 'mexico', arrival: 'moreThanYear', fear: 'no', family: 'no' };

describe('the screening rules in dialogs/screening.yaml', () => {
  it.each<[string, Answers, string, string[]]>([
    ['detained', { ...calm, urgency: 'detained' }, 'urgent', ['detained']],
    ['family member detained', { ...calm, urgency: 'familyDetained' }, 'urgent', ['familyDetained']],
    ['hearing within 30 days', { ...calm, urgency: 'hearingSoon' }, 'urgent', ['hearingSoon']],
    ['removal order', { ...calm, urgency: 'removalOrder' }, 'urgent', ['removalOrder']],
    ['danger written during the screening', { ...calm, danger: 'yes' }, 'urgent', ['danger']],
    ['detention mentioned outside an answer', { ...calm, alert: 'detention' }, 'urgent', ['detained']],
    ['a hearing mentioned outside an answer', { ...calm, alert: 'hearing' }, 'urgent', ['hearingSoon']],
    ['a removal order mentioned outside an answer', { ...calm, alert: 'removalOrder' }, 'urgent', ['removalOrder']],
    ['urgent keeps the other reasons for staff', { ...calm, urgency: 'detained', fear: 'yes' }, 'urgent', ['detained', 'asylum', 'oneYearDeadline']],
    ['fear of return', { ...calm, location: 'mexico', fear: 'yes' }, 'qualified', ['asylum']],
    ['removal proceedings', { ...calm, encounter: 'removalProceedings' }, 'qualified', ['removalDefence']],
    ['turned away', { ...calm, encounter: 'turnedAway' }, 'qualified', ['humanitarian']],
    ['expelled', { ...calm, encounter: 'expelled' }, 'qualified', ['humanitarian']],
    ['returned to Mexico', { ...calm, encounter: 'returnedToMexico' }, 'qualified', ['humanitarian']],
    ['CHNV national in the US', { ...calm, nationality: 'haiti' }, 'qualified', ['parole']],
    ['one-year deadline', { ...calm, fear: 'yes', arrival: 'lessThanYear', nationality: 'china' }, 'qualified', ['asylum', 'oneYearDeadline']],
    ['another deadline', { ...calm, urgency: 'deadlineSoon' }, 'qualified', ['deadlineSoon']],
    ['family in the US', { ...calm, family: 'yes' }, 'qualified', ['family']],
    ['outside the region', { ...calm, location: 'elsewhere' }, 'refer', ['outsideRegion', 'outsidePractice']],
    ['outside the practice', calm, 'refer', ['outsidePractice']],
    ['everything skipped', {}, 'qualified', ['needsReview']],
    ['a CHNV national outside the US is not a parole case', { location: 'mexico', nationality: 'cuba' }, 'qualified', ['needsReview']],
  ])('%s', (_name, answers, outcome, reasons) => {
    expect(evaluateRules(definition.rules, answers)).toEqual({ outcome, reasons });
  });

  it('names every reason it can give in every language, and only known questions and values', () => {
    const domain = realDomain();
    expect(checkScreeningReferences(definition, { officeIds: domain.firm.offices.map((o) => o.id), cardIds: domain.content.ids }, (k) => domain.texts.has(k))).toEqual([]);
  });

  it.each([
    ['an unknown question', { fears: ['yes'] }, /unknown question fears/],
    ['an unknown value', { fear: ['maybe'] }, /fear has no option maybe/],
  ])('catches a rule naming %s', (_name, when, problem) => {
    const broken = parseScreening({ ...definition, rules: { ...definition.rules, urgent: [{ reason: 'detained', when }] } });
    const domain = realDomain();
    const problems = checkScreeningReferences(broken, { officeIds: domain.firm.offices.map((o) => o.id), cardIds: domain.content.ids }, (k) => domain.texts.has(k));
    expect(problems.join('\n')).toMatch(problem);
  });
});
