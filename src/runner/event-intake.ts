import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { SdkEvent } from "./protocol";

export const RUNNER_CHANNEL = "switchyard_runner";

/** Stores sent events for the runner to turn into runs, and wakes the runners. */
export async function acceptEvents(db: Db, events: SdkEvent[]): Promise<string[]> {
  const rows = events.map((event) => ({
    id: newId("jobEvent"),
    name: event.name,
    data: (event.data ?? {}) as object,
    ts: new Date(event.ts ?? Date.now()),
  }));
  await db.jobEvent.createMany({ data: rows });
  await db.$executeRaw`SELECT pg_notify(${RUNNER_CHANNEL}, 'event')`;
  return rows.map((row) => row.id);
}

/**
 * A fetch for the Inngest client: what it would POST to Inngest's event API
 * ({base}/e/{key}) is stored for the embedded runner instead; anything else goes out as usual.
 */
export function embeddedRunnerFetch(getDb: () => Db): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    if (method !== "POST" || !/\/e\/[^/]+$/.test(url.pathname)) return fetch(input, init);
    const body = init?.body ?? (input instanceof Request ? await input.text() : "[]");
    const parsed = JSON.parse(String(body)) as SdkEvent | SdkEvent[];
    const ids = await acceptEvents(getDb(), Array.isArray(parsed) ? parsed : [parsed]);
    // The SDK reads `status` in the body, not the HTTP status.
    return Response.json({ ids, status: 200 });
  };
}
