// The wake-up connection survives losing its backend (what a PostgreSQL restart or a dropped
// connection does to it): it reconnects, LISTENs again and says so; a runner relying on it
// alone still picks up an event sent after the cut.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RUNNER_CHANNEL } from "@/runner/event-intake";
import { type Runner, WAKE_LISTENER_NAME } from "@/runner/runner";
import { endedRun, eventually, startTestRunner, testClient, testDb } from "@/runner/test-app";
import { type Listener, listen } from "./listen";

const db = testDb();
const client = testClient(db, "wake-test");
let listener: Listener | undefined;
let runner: Runner | undefined;

afterEach(async () => {
  await listener?.close();
  await runner?.stop();
  [listener, runner] = [undefined, undefined];
});
afterAll(() => db.$disconnect());

const notify = (payload: string) => db.$executeRaw`SELECT pg_notify(${RUNNER_CHANNEL}, ${payload})`;

/** Ends the listener's backend from the server side, as a restart or a network cut would. */
const cutListenerConnection = () =>
  db.$queryRaw<{ cut: boolean }[]>`
    SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
    WHERE application_name = ${WAKE_LISTENER_NAME} AND datname = current_database()`;

/** True when a wake-up connection of this database is up and has issued its LISTEN. */
const listening = async () =>
  (
    await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = ${WAKE_LISTENER_NAME} AND datname = current_database()
        AND query LIKE 'LISTEN%'`
  )[0]?.n === 1;

describe("listen", () => {
  it("still wakes after its connection was terminated", async () => {
    const payloads: (string | undefined)[] = [];
    let reconnects = 0;
    listener = await listen(process.env.DATABASE_URL ?? "", {
      channel: RUNNER_CHANNEL,
      name: WAKE_LISTENER_NAME,
      onWakeup: (payload) => payloads.push(payload),
      onReconnect: () => reconnects++,
    });

    await notify("before");
    await eventually(async () => payloads.includes("before"), 5_000, "the first wake-up");

    expect(await cutListenerConnection()).toEqual([{ cut: true }]);
    await eventually(async () => reconnects === 1, 10_000, "the listener to reconnect");

    await notify("after");
    await eventually(async () => payloads.includes("after"), 5_000, "a wake-up after the cut");
    // Cut twice: the second loss is recovered like the first.
    await cutListenerConnection();
    await eventually(async () => reconnects === 2, 10_000, "a second reconnect");
    await notify("again");
    await eventually(async () => payloads.includes("again"), 5_000, "a wake-up after two cuts");
  });

  it("keeps a runner that only scans on wake-ups working after the cut", async () => {
    const echo = client.createFunction(
      { id: "echo", triggers: [{ event: "wake-test/echo" }] },
      async ({ event, step }) => step.run("echo", () => event.data.id as string),
    );
    // Without a wake-up this runner would look for new events only every 20 s.
    runner = await startTestRunner(client, [echo], { pollMs: 20_000 });
    const first = randomUUID();
    await client.send({ name: "wake-test/echo", data: { id: first } });
    expect((await endedRun(db, "wake-test-echo", first, 10_000)).status).toBe("completed");

    // Sent right after the cut, most likely while it is down: the scan on reconnect finds it.
    expect(await cutListenerConnection()).toEqual([{ cut: true }]);
    const second = randomUUID();
    await client.send({ name: "wake-test/echo", data: { id: second } });
    expect((await endedRun(db, "wake-test-echo", second, 8_000)).status).toBe("completed");

    // Sent once it LISTENs again: the NOTIFY wakes it.
    await eventually(listening, 10_000, "the runner to LISTEN again");
    const third = randomUUID();
    await client.send({ name: "wake-test/echo", data: { id: third } });
    expect((await endedRun(db, "wake-test-echo", third, 8_000)).status).toBe("completed");
  });
});
