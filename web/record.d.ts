// Types of spanlens/record (src/record.js), written by hand.

/** Attribute values: integers are recorded as ints, other numbers as doubles. */
export type AttributeValue =
  | string
  | number
  | boolean
  | bigint
  | Uint8Array
  | Date
  | Error
  | null
  | undefined
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type SpanKind = "internal" | "server" | "client" | "producer" | "consumer";
export type StatusCode = "unset" | "ok" | "error";

export interface ChildOptions {
  /** tmam's roles: agent, tool, llm, memory, embedding, vectordb, framework; retriever, reranker, guardrail, evaluator and chain as OpenInference kinds; anything else is other. */
  role?: string;
  kind?: SpanKind;
  attributes?: Record<string, AttributeValue>;
}

export interface HelperOptions {
  /** The parent span; default: the current span (AsyncLocalStorage). */
  parent?: Span;
  attributes?: Record<string, AttributeValue>;
}

export interface TraceOptions {
  /** service.name; default: the agent name. */
  service?: string;
  tags?: string[];
  /** Root span attributes metadata.<key>. */
  metadata?: Record<string, AttributeValue>;
  /** The agent's model, root attribute agent.model_id. */
  modelId?: string;
  /** service.version */
  version?: string;
  /** 32 hex digits, or any string (hashed to a stable id). */
  traceId?: string;
  /** Record nothing until the first child span. */
  lazyStart?: boolean;
  /** Continue a remote trace: the incoming traceparent header. */
  traceparent?: string;
  attributes?: Record<string, AttributeValue>;
  /** A clock in epoch milliseconds, for reproducible recordings. */
  now?: () => number;
  /** Spans recorded at most (default 100000); later ones are dropped with a warning. */
  maxSpans?: number;
}

export declare class Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly parent: Span | null;
  name: string;
  kind: SpanKind;
  /** Epoch milliseconds. */
  start: number;
  endTime: number | undefined;
  attributes: Map<string, AttributeValue>;
  events: { time: number; name: string; attributes: Record<string, AttributeValue> }[];
  status: { code: StatusCode; message: string };
  baggage: [string, string][];
  readonly trace: Trace;
  readonly ended: boolean;
  child(name: string, options?: ChildOptions): Span;
  setAttribute(key: string, value: AttributeValue): this;
  addEvent(name: string, attributes?: Record<string, AttributeValue>): this;
  recordException(err: unknown): this;
  setStatus(code: StatusCode, message?: string): this;
  setTokenUsage(input: number, output: number): this;
  setBaggage(key: string, value: string): this;
  end(): void;
  /** The W3C traceparent header value. */
  traceparent(): string;
  /** traceparent and baggage headers for an outgoing fetch. */
  headers(): { traceparent: string; baggage?: string };
  /** Runs fn with this span as the current span. */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
}

/** The part of a spanlens engine (init()) a recording needs. */
export interface Loader<T> {
  load(input: Uint8Array, options?: { format?: string }): Promise<T>;
}

export declare class Trace {
  readonly id: string;
  readonly root: Span;
  readonly spans: Span[];
  readonly warnings: string[];
  readonly service: string;
  readonly version: string;
  readonly ended: boolean;
  setAttribute(key: string, value: AttributeValue): this;
  markFailed(message?: string): this;
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
  end(): void;
  /** Warnings, plus dropped spans and warnings. */
  allWarnings(): string[];
  /** OTLP/JSON TracesData. */
  toOTLP(): { resourceSpans: unknown[] };
  toBytes(): Uint8Array;
  /** Opens the recording in a spanlens engine. */
  load<T>(sl: Loader<T>): Promise<T>;
  /** The spanlens summary, computed by the engine. */
  summary<T extends { summary(): Promise<S>; free?(): unknown }, S>(sl: Loader<T>): Promise<S>;
  /** POSTs OTLP/JSON to url (+ /v1/traces); never rejects. */
  exportTo(url: string, options?: { headers?: Record<string, string>; timeout?: number; fetch?: typeof fetch }): Promise<boolean>;
}

export declare const hasAsyncContext: boolean;
export declare function startTrace(name: string, options?: TraceOptions): Trace;
export declare function currentSpan(): Span | undefined;
export declare function parseTraceparent(v: string): { traceId: string; spanId: string; sampled: boolean } | null;
export declare function trace<F extends (...args: any[]) => any>(fn: F, options?: { name?: string; role?: string; parent?: Span }): F;
export declare function llmCall(model: string, options?: HelperOptions): Span;
export declare function toolCall(tool: string, options?: HelperOptions): Span;
export declare function agentRun(agent: string, options?: HelperOptions): Span;
