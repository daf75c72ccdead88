import pg from "pg";
import { log } from "@/lib/log";

export interface ListenOptions {
  channel: string;
  /** How the connection shows in pg_stat_activity (and how a test finds it to cut it). */
  name: string;
  /** A NOTIFY on the channel arrived, with its payload. */
  onWakeup(payload: string | undefined): void;
  /** The connection came back after a loss: a NOTIFY may have been missed meanwhile. */
  onReconnect(): void;
}

export interface Listener {
  close(): Promise<void>;
}

/** Reconnect delays: quick after a blip, then no more than one attempt every 10 s. */
const reconnectDelay = (attempt: number) => Math.min(250 * 2 ** attempt, 10_000);

/**
 * LISTENs on a channel over a connection of its own, and keeps listening through
 * a PostgreSQL restart or a dropped connection: it reconnects with backoff and LISTENs again.
 * The first connection must succeed (start-up fails loudly); later losses are only logged.
 */
export async function listen(databaseUrl: string, handlers: ListenOptions): Promise<Listener> {
  let closed = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: databaseUrl,
      application_name: handlers.name,
      // An idle LISTEN connection sees no traffic: keepalives notice a silently dead peer.
      keepAlive: true,
    });
    client.on("notification", (message) => handlers.onWakeup(message.payload));
    client.on("error", (error) => lost(client, error.message));
    client.on("end", () => lost(client, "connection closed"));
    try {
      await client.connect();
      await client.query(`LISTEN ${handlers.channel}`);
      return client;
    } catch (error) {
      void client.end().catch(() => {});
      throw error;
    }
  }

  function lost(client: pg.Client, why: string) {
    if (closed || client !== current) return;
    current = undefined;
    void client.end().catch(() => {});
    log.warn(`${handlers.name}: LISTEN connection lost (${why}); reconnecting`);
    reconnectLater();
  }

  function reconnectLater() {
    retry = setTimeout(async () => {
      try {
        const client = await connect();
        if (closed) return void client.end().catch(() => {});
        current = client;
        attempt = 0;
        log.info(`${handlers.name}: LISTEN connection restored`);
        handlers.onReconnect();
      } catch (error) {
        if (closed) return;
        attempt++;
        log.warn(`${handlers.name}: LISTEN reconnect failed: ${(error as Error).message}`);
        reconnectLater();
      }
    }, reconnectDelay(attempt));
  }

  current = await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await current?.end().catch(() => {});
      current = undefined;
    },
  };
}
