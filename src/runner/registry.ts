import { parse } from "@marcbachmann/cel-js";
import { Cron } from "croner";
import { msUntil } from "./durations";
import type { ServeHandler } from "./protocol";

/** A function as the runner runs it: what discovery reported, checked and parsed once. */
export interface RunnableFunction {
  id: string;
  eventTriggers: { event: string; expression?: string }[];
  crons: { expression: string; schedule: Cron }[];
  maxAttempts: number;
  /**
   * Function-wide (no key), per key of this function (`fn` scope), and per key shared with
   * every function that computes the same key (`env` or `account` scope, as on Inngest).
   */
  concurrency: { limit: number; key?: string; shared?: boolean }[];
  throttle?: { limit: number; periodMs: number; burst: number; key?: string };
  /** batchEvents: the run gets up to maxSize events of one key. */
  batch?: { maxSize: number; key?: string };
  idempotency?: string;
  cancel: { event: string; if?: string }[];
}

// Settings the runner enforces itself; anything else a function sets is refused at start-up.
const supportedKeys = new Set([
  "id",
  "name",
  "triggers",
  "steps",
  "concurrency",
  "throttle",
  "idempotency",
  "cancel",
  "batchEvents",
]);

/**
 * Asks the serve handler for every function's configuration (in-band sync, no network)
 * and refuses, loudly, any option or trigger the embedded runner would otherwise ignore.
 */
export async function discoverFunctions(
  handler: ServeHandler,
  appUrl: string,
): Promise<RunnableFunction[]> {
  const response = await handler(
    new Request(appUrl, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-inngest-sync-kind": "in_band",
        host: new URL(appUrl).host,
      },
      body: JSON.stringify({ url: appUrl }),
    }),
  );
  if (!response.ok)
    throw new Error(`Function discovery failed: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { functions: Record<string, unknown>[] };
  return body.functions.map(toRunnable);
}

function toRunnable(config: Record<string, unknown>): RunnableFunction {
  const id = String(config.id);
  const refuse = (what: string): never => {
    throw new Error(
      `The embedded runner cannot run function "${id}": ${what} is not supported. See README "Job runner".`,
    );
  };
  for (const key of Object.keys(config)) if (!supportedKeys.has(key)) refuse(`the "${key}" option`);

  const triggers = (config.triggers ?? []) as {
    event?: string;
    cron?: string;
    expression?: string;
  }[];
  const fn: RunnableFunction = {
    id,
    eventTriggers: [],
    crons: [],
    maxAttempts: retriesOf(config) + 1,
    concurrency: [],
    cancel: [],
  };
  for (const trigger of triggers) {
    if (trigger.event) {
      if (trigger.expression) checkExpression(trigger.expression, refuse);
      fn.eventTriggers.push({ event: trigger.event, expression: trigger.expression });
    } else if (trigger.cron) {
      fn.crons.push({ expression: trigger.cron, schedule: parseCron(trigger.cron, refuse) });
    } else refuse(`the trigger ${JSON.stringify(trigger)}`);
  }

  const rules = concurrencyRules(config.concurrency);
  // A run stores one key of its function's and one shared key: one rule of each at most.
  const shared = (rule: ConcurrencyRule) => rule.scope === "env" || rule.scope === "account";
  if (rules.filter((rule) => rule.key && !shared(rule)).length > 1)
    refuse("more than one keyed concurrency limit");
  if (rules.filter(shared).length > 1) refuse("more than one shared concurrency limit");
  for (const rule of rules) {
    if (rule.scope && rule.scope !== "fn" && !shared(rule))
      refuse(`concurrency scope "${rule.scope}"`);
    if (shared(rule) && !rule.key) refuse(`a ${rule.scope}-scoped concurrency limit without a key`);
    if (rule.key) checkExpression(rule.key, refuse);
    fn.concurrency.push({ limit: rule.limit, key: rule.key, shared: shared(rule) || undefined });
  }

  const throttle = config.throttle as
    | { limit: number; period: string; key?: string; burst?: number }
    | undefined;
  if (throttle) {
    const burst = throttle.burst ?? 0;
    if (!Number.isInteger(burst) || burst < 0) refuse(`throttle burst ${burst}`);
    if (throttle.key) checkExpression(throttle.key, refuse);
    fn.throttle = {
      // Inngest reads a limit of 0 as 1, and an unset burst as 0 (see throttle.ts).
      limit: Math.max(1, throttle.limit),
      periodMs: periodMs(throttle.period, refuse),
      burst,
      key: throttle.key,
    };
  }

  const batch = config.batchEvents as
    | { maxSize: number; timeout: string; key?: string; if?: string }
    | undefined;
  if (batch) {
    if (batch.if) refuse("batchEvents.if");
    if (batch.key) checkExpression(batch.key, refuse);
    fn.batch = { maxSize: batch.maxSize, key: batch.key };
  }

  if (typeof config.idempotency === "string") {
    checkExpression(config.idempotency, refuse);
    fn.idempotency = config.idempotency;
  }

  for (const rule of (config.cancel ?? []) as { event: string; if?: string; timeout?: string }[]) {
    if (rule.timeout) refuse("cancelOn timeout");
    if (rule.if) checkExpression(rule.if, refuse);
    fn.cancel.push({ event: rule.event, if: rule.if });
  }
  return fn;
}

type ConcurrencyRule = { limit: number; key?: string; scope?: string };

/** Discovery passes `concurrency` through as written: a number, one rule or a list. */
function concurrencyRules(value: unknown): ConcurrencyRule[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "number") return [{ limit: value }];
  return Array.isArray(value) ? (value as ConcurrencyRule[]) : [value as ConcurrencyRule];
}

/** Discovery reports `retries: N` as steps.step.retries.attempts; Inngest's default is 4. */
function retriesOf(config: Record<string, unknown>): number {
  const steps = config.steps as Record<string, { retries?: { attempts?: number } }> | undefined;
  return steps?.step?.retries?.attempts ?? 4;
}

function checkExpression(expression: string, refuse: (what: string) => never): void {
  try {
    parse(expression);
  } catch (error) {
    refuse(`the expression "${expression}" (${(error as Error).message})`);
  }
}

/** Crons may start with "TZ=Europe/Paris ". */
function parseCron(text: string, refuse: (what: string) => never): Cron {
  const match = /^(?:TZ=(\S+)\s+)?(.+)$/.exec(text.trim());
  try {
    return new Cron(match?.[2] ?? text, { timezone: match?.[1], paused: true });
  } catch (error) {
    return refuse(`the cron "${text}" (${(error as Error).message})`);
  }
}

function periodMs(period: string, refuse: (what: string) => never): number {
  try {
    return msUntil(period);
  } catch {
    return refuse(`the period "${period}"`);
  }
}
