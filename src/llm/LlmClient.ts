import OpenAI from 'openai';
import type { LlmConfig } from '../config/loadConfig';
import { describeError, type Logger } from '../util/logger';
import { CircuitBreaker } from './CircuitBreaker';

export type LlmFailure = 'circuitOpen' | 'timeout' | 'rateLimited' | 'serverError' | 'httpError' | 'network' | 'refused' | 'malformed' | 'rejected';

export type LlmResult<T> = { ok: true; value: T } | { ok: false; reason: LlmFailure; detail?: string };

/** Numbers only: what the model cost and how often it failed, never what was said. */
export interface LlmUsage {
  calls: number;
  failures: Partial<Record<LlmFailure, number>>;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
}

/** Told of every call's end, for metrics: the feature, how it ended ('ok' or a failure), how long it took, tokens. */
export type LlmObserver = (kind: string, result: 'ok' | LlmFailure, ms: number, tokens?: { prompt: number; completion: number }) => void;

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * The one way Camino talks to a model: the official client against any OpenAI-compatible endpoint, one
 * attempt per request within the timeout (a retry would not fit in it), a circuit breaker, token counters.
 */
export class LlmClient {
  private readonly client: OpenAI;
  private readonly breaker: CircuitBreaker;
  readonly usage: LlmUsage = { calls: 0, failures: {}, cacheHits: 0, promptTokens: 0, completionTokens: 0 };

  constructor(
    private readonly config: LlmConfig,
    private readonly logger: Logger,
    breaker?: CircuitBreaker,
    private readonly observe: LlmObserver = () => undefined,
  ) {
    this.client = new OpenAI({
      apiKey: config.apiKey ?? 'none',
      baseURL: config.baseUrl,
      timeout: config.timeoutMs,
      maxRetries: 0,
    });
    this.breaker = breaker ?? new CircuitBreaker();
  }

  /** Asks for one JSON object; `kind` names the feature in metrics (answer, translate, summary). */
  async completeJson(kind: string, messages: ChatMessage[]): Promise<LlmResult<unknown>> {
    if (!this.breaker.allow()) {
      this.observe(kind, 'circuitOpen', 0);
      return this.fail(kind, 'circuitOpen', false);
    }
    this.usage.calls += 1;
    const started = Date.now();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        { model: this.config.model, messages, max_tokens: this.config.maxTokens, temperature: 0, response_format: { type: 'json_object' } },
        { signal: AbortSignal.timeout(this.config.timeoutMs) },
      );
    } catch (error) {
      const reason = classifyError(error);
      this.observe(kind, reason, Date.now() - started);
      return this.fail(kind, reason, true, error);
    }
    this.breaker.succeeded();
    this.observe(kind, 'ok', Date.now() - started, { prompt: completion.usage?.prompt_tokens ?? 0, completion: completion.usage?.completion_tokens ?? 0 });
    this.usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
    this.usage.completionTokens += completion.usage?.completion_tokens ?? 0;
    this.logger.info('llm call', {
      kind,
      ms: Date.now() - started,
      promptTokens: completion.usage?.prompt_tokens,
      completionTokens: completion.usage?.completion_tokens,
    });
    const choice = completion.choices[0];
    if (!choice) return this.fail(kind, 'malformed', false);
    if (choice.message.refusal || choice.finish_reason === 'content_filter') return this.fail(kind, 'refused', false);
    const text = choice.message.content ?? '';
    try {
      return { ok: true, value: JSON.parse(stripFence(text)) as unknown };
    } catch {
      return this.fail(kind, 'malformed', false);
    }
  }

  /** A failure our own checks found in an answer that arrived (counted, not a fault of the endpoint). */
  reject(kind: string, reason: string): LlmResult<never> {
    this.logger.warn('llm answer rejected', { kind, reason });
    this.observe(kind, 'rejected', 0);
    this.count('rejected');
    return { ok: false, reason: 'rejected', detail: reason };
  }

  countCacheHit(): void {
    this.usage.cacheHits += 1;
  }

  /** A call that did not give usable output; only faults of the endpoint move the circuit breaker. */
  private fail(kind: string, reason: Exclude<LlmFailure, 'rejected'>, endpointFault: boolean, error?: unknown): LlmResult<never> {
    if (endpointFault) this.breaker.failed();
    this.count(reason);
    this.logger.warn('llm call failed', { kind, reason, ...(error === undefined ? {} : describeError(error)) });
    return { ok: false, reason };
  }

  private count(reason: LlmFailure): void {
    this.usage.failures[reason] = (this.usage.failures[reason] ?? 0) + 1;
  }
}

function classifyError(error: unknown): Exclude<LlmFailure, 'rejected'> {
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) return 'timeout';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (error instanceof OpenAI.RateLimitError) return 'rateLimited';
  if (error instanceof OpenAI.APIConnectionError) return 'network';
  if (error instanceof OpenAI.APIError) return (error.status ?? 0) >= 500 ? 'serverError' : 'httpError';
  return 'network';
}

/** Some servers wrap JSON in a markdown fence even when asked for an object. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return fenced ? fenced[1] : text;
}
