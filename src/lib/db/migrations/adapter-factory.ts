// The connections one engine session may open: the live database (only when asked) and shadows.
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { connectAdapter } from "./pg-adapter";
import {
  createShadowDatabase,
  dropShadowDatabase,
  type ShadowDatabase,
  withClient,
} from "./shadow-database";

export type SessionTargets = {
  /** The database the engine may read and migrate. */
  liveUrl?: string;
  /** Only read the live database (the server enforces it). */
  liveReadOnly?: boolean;
  /** A server where shadow databases may be created; absent = no shadow database allowed. */
  shadowServerUrl?: string;
};

export type AdapterSession = {
  /** The bound factory to hand to the engine. */
  adapter: object;
  /** The JS error behind an engine message like "External error id#3", if any. */
  explain(message: string): unknown;
  /** Closes every pool and drops every shadow database this session opened; safe to repeat. */
  close(): Promise<void>;
};

export function openAdapterSession(targets: SessionTargets): AdapterSession {
  const open = new Set<SqlDriverAdapter>();
  const shadows = new Map<string, ShadowDatabase>();

  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    open.add(adapter);
    const dispose = adapter.dispose;
    return {
      ...adapter,
      dispose: async () => {
        open.delete(adapter);
        await dispose();
      },
    };
  };

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      if (targets.liveUrl) {
        return track(await connectAdapter(targets.liveUrl, { readOnly: targets.liveReadOnly }));
      }
      // The engine probes the server's version on start; a diff gets a read-only connection
      // for that (PrismaPg's own shadow handling once replayed migrations into a live database).
      if (targets.shadowServerUrl) {
        return track(await connectAdapter(targets.shadowServerUrl, { readOnly: true }));
      }
      throw new Error("No database to connect to");
    },
    async connectToShadowDb() {
      const serverUrl = targets.shadowServerUrl;
      if (!serverUrl) throw new Error("This operation may not create a shadow database");
      const shadow = await createShadowDatabase(serverUrl);
      shadows.set(shadow.name, shadow);
      const { rows } = await withClient(shadow.url, (client) =>
        client.query<{ db: string }>("SELECT current_database() AS db"),
      );
      if (rows[0]?.db !== shadow.name) {
        throw new Error(`Shadow connection reached "${rows[0]?.db}", not "${shadow.name}"`);
      }
      // Pool first, then drop from another connection: dropping under an open pool crashed node.
      return track(
        await connectAdapter(shadow.url, {
          onDispose: async () => {
            await dropShadowDatabase(serverUrl, shadow.name);
            shadows.delete(shadow.name);
          },
        }),
      );
    },
  };

  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  return {
    adapter: bound,
    explain(message) {
      const id = /External error id#(\d+)/.exec(message)?.[1];
      return id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    },
    async close() {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
      open.clear();
      if (!targets.shadowServerUrl) return;
      for (const shadow of [...shadows.values()]) {
        await dropShadowDatabase(targets.shadowServerUrl, shadow.name).catch(() => {});
        shadows.delete(shadow.name);
      }
    },
  };
}
