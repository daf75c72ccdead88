// bench:delivery's inbound side: events POSTed to a bench source, one per request or, to a
// source that takes batches, many per request; each carries its bench id in its body.
import { randomUUID } from "node:crypto";
import { type Phase, sleep } from "./delivery-tally";

/** POSTs the phase's events `ids` of `type`; an item not accepted counts as rejected. */
export async function postEvents(
  url: string,
  phase: Phase,
  type: string,
  ids: number[],
): Promise<void> {
  const items = ids.map((i) => ({ type, benchId: `${phase.name}-${i}`, order: { total: 4200 } }));
  const now = Date.now();
  for (const item of items) phase.sentAt.set(item.benchId, now);
  let accepted = 0;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-idempotency-key": randomUUID() },
      body: JSON.stringify(items.length === 1 ? items[0] : items),
    });
    // Read to the end either way: the connection goes back to the pool.
    const answer = (await response.json().catch(() => ({}))) as { accepted?: number };
    if (response.status === 202) accepted = answer.accepted ?? items.length;
  } catch {} // refused or reset: counted below, the run goes on
  phase.rejected += items.length - accepted;
}

/** Open loop: request i leaves at start + i / rate, so a slow delivery never slows the sending. */
export async function sendAtRate(
  count: number,
  perSecond: number,
  send: (i: number) => Promise<void>,
): Promise<void> {
  const start = Date.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(start + (i * 1000) / perSecond - Date.now());
    sends.push(send(i));
  }
  await Promise.all(sends);
}

/** Requests 0..count-1 as fast as the server takes them, `connections` in flight. */
export async function sendAsFastAsAccepted(
  count: number,
  connections: number,
  send: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: connections }, sender));
}
