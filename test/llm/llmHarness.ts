import path from 'node:path';
import { loadCards } from '../../src/content/loadCards';
import type { LlmConfig } from '../../src/config/loadConfig';
import { createLlm, contentVersionOf, loadLlmRules, type Llm } from '../../src/llm';
import { createLogger } from '../../src/util/logger';

export const root = path.resolve(__dirname, '../..');
export const content = loadCards(path.join(root, 'locales'));
export const rules = loadLlmRules(path.join(root, 'dialogs', 'llm.yaml'));

export function llmConfig(baseUrl: string, timeoutMs = 20_000): LlmConfig {
  return { baseUrl, model: 'fake-model', timeoutMs, maxTokens: 500 };
}

/** A real Llm (real openai client) against the fake server; the log lines are kept for privacy checks. */
export function makeLlm(baseUrl: string, timeoutMs = 20_000): { llm: Llm; logs: string[] } {
  const logs: string[] = [];
  const llm = createLlm(llmConfig(baseUrl, timeoutMs), rules, contentVersionOf(content.cards), createLogger('debug', (l) => logs.push(l)));
  if (!llm) throw new Error('llm should be configured');
  return { llm, logs };
}
