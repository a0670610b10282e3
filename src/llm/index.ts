export { createLlm, contentVersionOf, CONTEXT_TURNS, type Llm, type AnswerRequest, type ContextTurn } from './createLlm';
export { loadLlmRules, parseLlmRules, type LlmRules } from './loadLlmRules';
export type { LlmResult, LlmUsage, LlmFailure } from './LlmClient';
export type { ModelAnswer, GuardFailure } from './checkAnswer';
