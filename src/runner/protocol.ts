import { parseRetryAfter } from "@/lib/http/retry-after";

// The Inngest executor protocol, as the SDK's serve() handler speaks it
// (../shared/INNGEST-PROTOCOL.md): one POST per call, memoized steps in, ops out.

export type ServeHandler = (request: Request) => Promise<Response>;

export interface SdkEvent {
  id?: string;
  name: string;
  data: Record<string, unknown>;
  ts?: number;
}

/** What the SDK is given back for a stored step: exactly one of data or error. */
export type Memo = { data: unknown } | { error: unknown };

export interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
  opts?: Record<string, unknown>;
  userland?: { id: string; index?: number };
  /** Checkpointed steps: start (a) and duration (b), in nanoseconds. */
  timing?: { a: number; b: number };
}

/** The name a step was given in code (`step.run("name", ...)`), for logs and the console. */
export function stepName(op: Op): string {
  return op.userland?.id ?? op.displayName ?? op.name ?? op.id;
}

export type CallResult =
  | { kind: "complete"; output: unknown }
  | { kind: "ops"; ops: Op[]; retryAfterMs?: number }
  /** A function-level error; `final` when the SDK says not to retry. */
  | { kind: "error"; error: unknown; final: boolean; retryAfterMs?: number };

export interface CallInput {
  appUrl: string;
  fnId: string;
  stepId: string;
  event: SdkEvent;
  /** Every event of a batched run (the first is `event`). */
  events?: SdkEvent[];
  steps: Record<string, Memo>;
  runId: string;
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
  stack: string[];
  /** Names this call for its checkpoints (Inngest's queue item id). */
  dispatchId: string;
}

/** One call of a function through the SDK's own handler, in-process. */
export async function callFunction(handler: ServeHandler, input: CallInput): Promise<CallResult> {
  const url = new URL(input.appUrl);
  url.searchParams.set("fnId", input.fnId);
  url.searchParams.set("stepId", input.stepId);
  const response = await handler(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", host: url.host },
      body: JSON.stringify({
        event: input.event,
        events: input.events ?? [input.event],
        steps: input.steps,
        ctx: {
          // With fn_id and qi_id the SDK runs in Inngest's async checkpointing mode, as it does
          // on Inngest: steps run inline and are checkpointed (event-intake.ts serves it).
          fn_id: input.fnId,
          qi_id: input.dispatchId,
          run_id: input.runId,
          attempt: input.attempt,
          max_attempts: input.maxAttempts,
          disable_immediate_execution: input.disableImmediateExecution,
          use_api: false,
          stack: { stack: input.stack, current: input.stack.length },
        },
      }),
    }),
  );
  const text = await response.text();
  const body = text ? safeJson(text) : null;
  if (response.status === 200) return { kind: "complete", output: body ?? null };
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  if (response.status === 206) return { kind: "ops", ops: body as Op[], retryAfterMs };
  return {
    kind: "error",
    error: body ?? { name: "Error", message: `HTTP ${response.status} from the function` },
    final: response.headers.get("x-inngest-no-retry") === "true",
    retryAfterMs,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { name: "Error", message: text.slice(0, 2000) };
  }
}
