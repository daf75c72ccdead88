// bench:delivery's tenant: two sources (one taking batches) and endpoints on local receivers,
// each subscribed so that every phase reaches the endpoints it is meant for.
import { Webhook } from "standardwebhooks";
import { everyTenant } from "@/domain/access/scope";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { startReceiver } from "../../tests/support/receiver";
import { recordDelivery } from "./delivery-tally";

/** Each phase's event type: the burst goes to every fast endpoint, the others to one. */
export const EVENT_TYPES = {
  steady: "order.steady",
  burst: "order.created",
  fast: "order.fast",
  slow: "order.slow",
} as const;

export const SOURCE = "bench-delivery";
export const BATCH_SOURCE = "bench-delivery-batches";
/** How long the slow receiver takes to answer each request. */
export const SLOW_ANSWER_MS = 1_000;

/**
 * `fastEndpoints` endpoints answering at once (the first takes every phase's type but the
 * slow one, the others only the burst's), and with `slow`, one answering after
 * SLOW_ANSWER_MS that takes only the slow type.
 */
export async function setUpDeliveryBench(opts: { fastEndpoints: number; slow: boolean }) {
  const tenant = await createTenant(everyTenant, { name: "Bench", slug: "bench" });
  for (const [slug, batch] of [
    [SOURCE, false],
    [BATCH_SOURCE, true],
  ] as const) {
    await createSource(everyTenant, {
      tenantId: tenant.id,
      slug,
      name: slug,
      verification: { scheme: "none" },
      idempotency: { from: "header", header: "x-idempotency-key" },
      eventType: { from: "path", path: "type" },
      batch,
    });
  }
  const subscriptions: { name: string; eventTypes: string[]; delayMs: number }[] = [];
  for (let index = 0; index < opts.fastEndpoints; index++) {
    const { steady, burst, fast } = EVENT_TYPES;
    subscriptions.push({
      name: `fast-${index}`,
      eventTypes: index === 0 ? [steady, burst, fast] : [burst],
      delayMs: 0,
    });
  }
  if (opts.slow)
    subscriptions.push({ name: "slow", eventTypes: [EVENT_TYPES.slow], delayMs: SLOW_ANSWER_MS });

  const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
  for (const { name, eventTypes, delayMs } of subscriptions) {
    let webhook: Webhook | undefined;
    // The reply callback runs on every request: it is where a delivery is checked and timed.
    const receiver = await startReceiver((_n, request) => {
      recordDelivery(name, webhook, request);
      return { status: 200, delayMs };
    });
    const endpoint = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      eventTypes,
    });
    webhook = new Webhook(endpoint.secret);
    receivers.push(receiver);
  }
  return {
    async stopReceivers() {
      for (const receiver of receivers) await receiver.stop();
    },
  };
}
