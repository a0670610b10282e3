import { randomBytes } from 'node:crypto';
import { requestData, startFakeOpenAi, type FakeOpenAi } from '../helpers/fakeOpenAi';
import { makeTempDir } from '../helpers/testRuntime';
import { DirectLineUser, type ReceivedActivity } from './harness/directLineUser';
import { matchUsersHistory } from './harness/checkDelivery';
import { latency, printFigures } from './harness/figures';
import { freePort } from '../helpers/freePort';
import { ServiceProcess } from './harness/service';
import { tearDown } from './harness/tearDown';

const PEOPLE = 10;
const TIMEOUT_MS = 1500;
const QUESTIONS = [
  'Is the parole program for people from Venezuela still open?',
  'What was Title 42 and when did it end?',
  'What is the one year deadline for asylum?',
  'What is a credible fear interview?',
  'Did Mexico take back people the US turned away in 2023?',
];

const tagsOf = (a: ReceivedActivity) => a.channelData?.camino?.tags ?? [];
type Outcome = { kind: 'model' | 'retriever' | 'none'; ms: number };

/** Sends a question and waits for its answer: the model's (llm.answer) or the retriever's card after a note. */
async function ask(user: DirectLineUser, question: string): Promise<Outcome> {
  const started = Date.now();
  const id = await user.say(question, 30_000);
  const answered = () => user.repliesTo(id).flatMap(tagsOf);
  await user.waitFor(() => answered().some((t) => t === 'llm.answer' || t.startsWith('card:') || t === 'answer.weak' || t === 'answer.none'), 30_000, 'an answer').catch((error: unknown) => {
    throw new Error(`${String(error)}; "${question}" got ${JSON.stringify(answered())}`);
  });
  const tags = answered();
  return { kind: tags.includes('llm.answer') ? 'model' : tags.some((t) => t.startsWith('card:') || t === 'answer.weak') ? 'retriever' : 'none', ms: Date.now() - started };
}

describe('the language model server failing', () => {
  let fake: FakeOpenAi | undefined;
  let service: ServiceProcess | undefined;
  let users: DirectLineUser[] = [];
  const dataDir = makeTempDir('camino-rel-llm-');

  afterAll(() => tearDown([() => Promise.all(users.map((u) => u.stop())), () => service?.stop(), () => fake?.close()], [dataDir]));

  it('answers from the retriever within the timeout while the model hangs or is down, and uses it again once it is back', async () => {
    const port = await freePort();
    const answerFromFirstCard = () => {
      fake?.reply((request) => {
        const cards = (requestData(request).cards as Array<{ id: string }> | undefined) ?? [];
        return { kind: 'json', body: { answer: 'Here is what the content says about that.', cardIds: cards.slice(0, 1).map((c) => c.id), needsAttorney: false, safetyConcern: false, outOfScope: false } };
      });
    };
    fake = await startFakeOpenAi(port);
    answerFromFirstCard();
    const secret = randomBytes(32).toString('hex');
    service = await ServiceProcess.start({
      dataDir,
      port: await freePort(),
      env: { DIRECTLINE_SECRET: secret, OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'fake', LLM_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    users = Array.from({ length: PEOPLE }, () => new DirectLineUser(service!.baseUrl, 'polling', 'en-US'));
    await Promise.all(users.map((u, i) => u.start(secret, `dl_llm_${i}`)));
    const round = (n: number) => Promise.all(users.map((u, i) => ask(u, QUESTIONS[(i + n) % QUESTIONS.length])));

    const working = await round(0);
    fake.reply(() => ({ kind: 'hang' }));
    const hanging = await round(1);
    await fake.close();
    fake = undefined;
    const down = await round(2);
    fake = await startFakeOpenAi(port);
    answerFromFirstCard();
    // The circuit breaker keeps the endpoint closed for a while after failures, then tries it again by itself.
    const recovery: Outcome[] = [];
    const backStarted = Date.now();
    while (Date.now() - backStarted < 60_000) {
      const outcome = await ask(users[0], QUESTIONS[recovery.length % QUESTIONS.length]);
      recovery.push(outcome);
      if (outcome.kind === 'model') break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    const back = await round(3);

    const { missing, duplicated: doubled } = await matchUsersHistory(users);
    const describe = (outcomes: Outcome[]) => `${outcomes.filter((o) => o.kind === 'model').length} model, ${outcomes.filter((o) => o.kind === 'retriever').length} retriever; ${latency(outcomes.map((o) => o.ms))}`;
    printFigures('language model failing', {
      people: `${PEOPLE} over Direct Line, LLM_TIMEOUT_MS ${TIMEOUT_MS}`,
      'model working': describe(working),
      'model hanging': describe(hanging),
      'model server down': describe(down),
      'back: first model answer after': `${Date.now() - backStarted} ms (${recovery.length} questions)`,
      'model back': describe(back),
      'acknowledged messages': users.reduce((n, u) => n + u.acknowledged.length, 0),
      'missing / duplicated in the log': `${missing} / ${doubled}`,
    });

    expect(working.every((o) => o.kind === 'model')).toBe(true);
    expect(hanging.every((o) => o.kind === 'retriever' && o.ms < TIMEOUT_MS + 3000)).toBe(true);
    expect(down.every((o) => o.kind === 'retriever' && o.ms < TIMEOUT_MS + 3000)).toBe(true);
    expect(recovery.at(-1)?.kind).toBe('model');
    expect(back.every((o) => o.kind === 'model')).toBe(true);
    expect(missing).toBe(0);
    expect(doubled).toBe(0);
  });
});
