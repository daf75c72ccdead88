// USE-CASES story 3: warehouse robot callbacks. A batch of orders is a group; each order's
// result callback closes its subject; when the last one closes, `batch.completed` is published
// exactly once, even when the final callbacks race. A callback for an order already closed is
// acknowledged, kept on its timeline and ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import {
  api,
  type Body,
  expectError,
  newApiEndpoint,
  newApiSource,
  newApiTenant,
  newTenantKey,
  ok,
  query,
  serveApiForTheseTests,
  serverUrl,
} from "../api/rest-kit";
import {
  appRunnerForTheseTests,
  postWebhook,
  randomSuffix,
  sleep,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
serveApiForTheseTests();
appRunnerForTheseTests();

const TOKEN = "robot-shared-secret";
const tracking = { status: "result", terminal: ["success", "error"], error: "error" };

function robotSource(tenantId: string) {
  return newApiSource(tenantId, {
    verification: { scheme: "shared_secret", header: "x-robot-token", secret: TOKEN },
    eventType: { fixed: "order.result" },
    subject: { from: "path", path: "order_id" },
    tracking,
  });
}

let sequence = 0;

/** One robot callback: `result` for the order; the idempotency key is the body's hash. */
async function callback(slug: string, orderId: string, result: string, extra: object = {}) {
  const body = {
    order_id: orderId,
    result,
    ...(result === "error" ? { error: { code: "jammed", bin: 4 } } : {}),
    seq: sequence++,
    ...extra,
  };
  return sendCallback(slug, body);
}

async function sendCallback(slug: string, body: object) {
  const reply = await postWebhook(serverUrl(), slug, body, { "x-robot-token": TOKEN });
  expect(reply.status, reply.text).toBe(202);
  return reply.body;
}

/** Order ids of one batch: `count` ids under a prefix unique to the test. */
const orderIds = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

const completions = (tenantId: string) =>
  db.event.findMany({
    where: { tenantId, type: "batch.completed" },
    orderBy: { receivedAt: "asc" },
  });

async function createBatch(sourceId: string, key: string, members: string[]) {
  return ok(await api("POST", "/groups", { body: { sourceId, key, type: "batch", members } }), 201);
}

const readGroup = async (key: string, sourceId: string) =>
  ok(await api("GET", `/groups/${encodeURIComponent(key)}${query({ sourceId })}`));

describe("a robot batch (story 3)", () => {
  const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.stop()));
  });

  it("publishes batch.completed once when the last 5 callbacks race, and delivers it once", async () => {
    const tenant = await newApiTenant("robots");
    const source = await robotSource(tenant.id);
    const batchReceiver = await startReceiver();
    const orderReceiver = await startReceiver();
    receivers.push(batchReceiver, orderReceiver);
    await newApiEndpoint(tenant.id, batchReceiver.url, { eventTypes: ["batch.*"] });
    await newApiEndpoint(tenant.id, orderReceiver.url, { eventTypes: ["order.*"] });

    const orders = orderIds(`ord-${randomSuffix()}`, 20);
    const key = `batch-${randomSuffix()}`;
    const created = await createBatch(source.id, key, orders);
    expect(created).toMatchObject({
      key,
      type: "batch",
      sourceId: source.id,
      total: 20,
      terminal: 0,
      statuses: {},
      completedAt: null,
    });

    // Orders 0..14 one after another: three of them fail.
    const failing = new Set([orders[2], orders[7], orders[16]]);
    for (const order of orders.slice(0, 15))
      await callback(source.slug, order, failing.has(order) ? "error" : "success");
    expect(await readGroup(key, source.id)).toMatchObject({
      terminal: 15,
      statuses: { success: 13, error: 2 },
      completedAt: null,
    });
    expect(await completions(tenant.id)).toHaveLength(0);

    // The last five at the same moment.
    await Promise.all(
      orders
        .slice(15)
        .map((order) => callback(source.slug, order, failing.has(order) ? "error" : "success")),
    );
    const [completion, ...extra] = await completions(tenant.id);
    expect(extra).toEqual([]);
    expect(completion).toMatchObject({
      origin: "published",
      sourceId: null,
      payload: { group: key, total: 20, statuses: { success: 17, error: 3 } },
    });
    const group = await readGroup(key, source.id);
    expect(group).toMatchObject({
      key,
      total: 20,
      terminal: 20,
      statuses: { success: 17, error: 3 },
      completionEventId: completion?.id,
    });
    expect(group.completedAt).not.toBeNull();

    // Delivered once to the endpoint subscribed to batch.*, never to the order endpoint.
    await waitFor("batch.completed to be delivered", async () => batchReceiver.received.length > 0);
    await waitFor("the 20 order results to be delivered", async () =>
      orderReceiver.received.length >= 20 ? true : null,
    );
    const delivered = JSON.parse(batchReceiver.received[0]?.body ?? "{}");
    expect(delivered).toMatchObject({
      type: "batch.completed",
      data: { group: key, total: 20, statuses: { success: 17, error: 3 } },
    });

    // A robot's retry with a different result for a closed order: 202, kept, ignored.
    const late = await callback(source.slug, orders[0] as string, "error");
    expect(late).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    const lateId = late.events?.[0]?.id as string;
    const order = ok(await api("GET", `/subjects/${orders[0]}${query({ sourceId: source.id })}`));
    expect(order).toMatchObject({ status: "success", terminal: true, error: null });
    expect(order.groups).toEqual([key]);
    expect(
      order.timeline.map((entry: Body) => [entry.id, entry.subjectStatus, entry.ignored]),
    ).toEqual([
      [expect.any(String), "success", false],
      [lateId, "error", true],
    ]);
    expect(await db.event.findUniqueOrThrow({ where: { id: lateId } })).toMatchObject({
      status: "completed",
      ignored: true,
    });

    await sleep(1_500);
    expect(await db.delivery.count({ where: { eventId: lateId } })).toBe(0);
    expect(batchReceiver.received).toHaveLength(1);
    expect(orderReceiver.received).toHaveLength(20);
    expect(await completions(tenant.id)).toHaveLength(1);
    expect(await readGroup(key, source.id)).toMatchObject({
      terminal: 20,
      statuses: { success: 17, error: 3 },
    });
  });

  it("five batches whose final 10 callbacks each arrive at once (some twice) complete once each", async () => {
    const tenant = await newApiTenant("robot-race");
    const source = await robotSource(tenant.id);
    const batches = await Promise.all(
      Array.from({ length: 5 }, async (_, b) => {
        const key = `race-${b}-${randomSuffix()}`;
        const members = orderIds(`${key}-o`, 20);
        await createBatch(source.id, key, members);
        return { key, members };
      }),
    );
    // The first 10 of each batch one after another (the batches side by side).
    await Promise.all(
      batches.map(async (batch) => {
        for (const [i, order] of batch.members.slice(0, 10).entries())
          await callback(source.slug, order, i % 5 === 0 ? "error" : "success");
      }),
    );

    for (const [b, batch] of batches.entries()) {
      const finals = batch.members.slice(10).map((order, i) => ({
        order_id: order,
        result: i % 4 === 0 ? "error" : "success",
        seq: sequence++,
      }));
      // Batches 3 and 4: the robot also retries each final callback at once (a duplicate).
      const bodies = b >= 3 ? [...finals, ...finals] : finals;
      const replies = await Promise.all(bodies.map((body) => sendCallback(source.slug, body)));
      const accepted = replies.reduce((sum, reply) => sum + (reply.accepted ?? 0), 0);
      expect(accepted).toBe(10);
    }

    const events = await completions(tenant.id);
    expect(events.map((event) => (event.payload as Body).group).sort()).toEqual(
      batches.map((batch) => batch.key).sort(),
    );
    for (const batch of batches) {
      const group = await readGroup(batch.key, source.id);
      // Of the first 10, orders 0 and 5 failed; of the final 10, orders 10, 14 and 18.
      expect(group).toMatchObject({ total: 20, terminal: 20, statuses: { success: 15, error: 5 } });
      expect(group.completedAt).not.toBeNull();
      const event = events.find((e) => (e.payload as Body).group === batch.key);
      expect(event?.payload).toEqual({
        group: batch.key,
        total: 20,
        statuses: { success: 15, error: 5 },
      });
      expect(group.completionEventId).toBe(event?.id);
    }
  });

  it("ten batches whose last two callbacks arrive together complete once each", async () => {
    // Two concurrent callbacks are two transactions side by side (more are committed together).
    const tenant = await newApiTenant("robot-pairs");
    const source = await robotSource(tenant.id);
    const batches = await Promise.all(
      Array.from({ length: 10 }, async (_, b) => {
        const key = `pair-${b}-${randomSuffix()}`;
        const members = orderIds(`${key}-o`, 4);
        await createBatch(source.id, key, members);
        return { key, members };
      }),
    );
    await Promise.all(
      batches.map(async (batch) => {
        for (const order of batch.members.slice(0, 2))
          await callback(source.slug, order, "success");
      }),
    );
    for (const batch of batches) {
      await Promise.all([
        callback(source.slug, batch.members[2] as string, "success"),
        callback(source.slug, batch.members[3] as string, "error"),
      ]);
    }
    const events = await completions(tenant.id);
    expect(events.map((event) => (event.payload as Body).group).sort()).toEqual(
      batches.map((batch) => batch.key).sort(),
    );
    for (const event of events)
      expect(event.payload).toMatchObject({ total: 4, statuses: { success: 3, error: 1 } });
  });

  it("two batches sharing orders each complete once, when the shared orders close last", async () => {
    const tenant = await newApiTenant("robot-shared");
    const source = await robotSource(tenant.id);
    const orders = orderIds(`shared-${randomSuffix()}`, 12);
    const [a, b] = [`a-${randomSuffix()}`, `b-${randomSuffix()}`];
    await createBatch(source.id, a, orders.slice(0, 8));
    await createBatch(source.id, b, orders.slice(4));
    for (const order of [...orders.slice(0, 4), ...orders.slice(8)])
      await callback(source.slug, order, "success");
    expect(await completions(tenant.id)).toHaveLength(0);
    await Promise.all(orders.slice(4, 8).map((order) => callback(source.slug, order, "error")));

    const events = await completions(tenant.id);
    expect(
      events
        .map((event) => event.payload)
        .sort((x, y) => (x as Body).group.localeCompare((y as Body).group)),
    ).toEqual([
      { group: a, total: 8, statuses: { success: 4, error: 4 } },
      { group: b, total: 8, statuses: { success: 4, error: 4 } },
    ]);
    const shared = ok(await api("GET", `/subjects/${orders[5]}${query({ sourceId: source.id })}`));
    expect([...shared.groups].sort()).toEqual([a, b].sort());
  });

  it("a batch created while its orders' callbacks arrive completes once", async () => {
    const tenant = await newApiTenant("robot-meanwhile");
    const source = await robotSource(tenant.id);
    const keys: string[] = [];
    for (let round = 0; round < 5; round++) {
      const key = `meanwhile-${round}-${randomSuffix()}`;
      keys.push(key);
      const orders = orderIds(`${key}-o`, 6);
      // Half the orders closed before the group exists; the rest race its creation.
      for (const order of orders.slice(0, 3)) await callback(source.slug, order, "success");
      const callbacks = orders.slice(3).map(async (order, i) => {
        await sleep(round * 5 + i * 3);
        return callback(source.slug, order, "success");
      });
      await Promise.all([createBatch(source.id, key, orders), ...callbacks]);
      expect(await readGroup(key, source.id)).toMatchObject({
        total: 6,
        terminal: 6,
        statuses: { success: 6 },
        completedAt: expect.any(String),
      });
    }
    const events = await completions(tenant.id);
    expect(events.map((event) => (event.payload as Body).group).sort()).toEqual(keys.sort());
  });

  it("a batch whose orders are all closed already is completed as it is created", async () => {
    const tenant = await newApiTenant("robot-done");
    const source = await robotSource(tenant.id);
    const orders = orderIds(`done-${randomSuffix()}`, 3);
    await callback(source.slug, orders[0] as string, "success");
    await callback(source.slug, orders[1] as string, "error");
    await callback(source.slug, orders[2] as string, "success");
    const key = `done-${randomSuffix()}`;
    // A member named twice counts once.
    const created = await createBatch(source.id, key, [...orders, orders[0] as string]);
    expect(created).toMatchObject({
      total: 3,
      terminal: 3,
      statuses: { success: 2, error: 1 },
    });
    expect(created.completedAt).not.toBeNull();
    const [completion, ...extra] = await completions(tenant.id);
    expect(extra).toEqual([]);
    expect(completion?.payload).toEqual({
      group: key,
      total: 3,
      statuses: { success: 2, error: 1 },
    });
    expect(created.completionEventId).toBe(completion?.id);
    // Handed to processing like any published event.
    await waitFor("the completion to be processed", async () => {
      const event = await db.event.findUniqueOrThrow({ where: { id: completion?.id ?? "" } });
      return event.status === "completed";
    });

    // Members not seen yet are registered as they are named, open.
    const pending = `pending-${randomSuffix()}`;
    const open = await createBatch(source.id, `open-${randomSuffix()}`, [
      orders[0] as string,
      pending,
    ]);
    expect(open).toMatchObject({ total: 2, terminal: 1, completedAt: null });
    const registered = ok(
      await api("GET", `/subjects/${pending}${query({ sourceId: source.id })}`),
    );
    expect(registered).toMatchObject({ key: pending, status: null, terminal: false, timeline: [] });
    await callback(source.slug, pending, "success");
    expect(await completions(tenant.id)).toHaveLength(2);
  });

  describe("bad input", () => {
    let tenant: Body;
    let source: Body;
    beforeAll(async () => {
      tenant = await newApiTenant("robot-input");
      source = await robotSource(tenant.id);
    });

    it("a second group with the same key for the source is a 409", async () => {
      const key = `dup-${randomSuffix()}`;
      await createBatch(source.id, key, ["x-1"]);
      const again = await api("POST", "/groups", {
        body: { sourceId: source.id, key, type: "batch", members: ["x-2"] },
      });
      expectError(again, 409, "conflict");
      expect(again.body.error.message).toContain(key);
      // The same key in another source is another group.
      const other = await robotSource(tenant.id);
      await createBatch(other.id, key, ["x-3"]);
      const ambiguous = await api("GET", `/groups/${key}${query({ tenantId: tenant.id })}`);
      expectError(ambiguous, 400, "validation_failed");
      expect(ambiguous.body.error.message).toContain("sourceId");
    });

    it("no members, too many members, a bad type or no key are 400s naming the field", async () => {
      const cases: [object, string][] = [
        [{ members: [] }, "members"],
        [{ members: Array.from({ length: 10_001 }, (_, i) => `m-${i}`) }, "members"],
        [{ members: [""] }, "members"],
        [{ type: "batch completed" }, "type"],
        [{ key: "" }, "key"],
        [{ sourceId: undefined }, "sourceId"],
      ];
      for (const [change, field] of cases) {
        const body = {
          sourceId: source.id,
          key: `bad-${randomSuffix()}`,
          type: "batch",
          members: ["m-1"],
          ...change,
        };
        const reply = await api("POST", "/groups", { body });
        expectError(reply, 400, "validation_failed");
        expect(reply.body.error.message, `${field}: ${reply.text.slice(0, 300)}`).toContain(field);
      }
    });

    it("an unknown source, or another tenant's source with a tenant key, is a 404", async () => {
      const members = ["m-1"];
      const unknown = await api("POST", "/groups", {
        body: { sourceId: "src_unknown", key: "k", type: "batch", members },
      });
      expectError(unknown, 404, "not_found");

      const { key: otherKey } = await newTenantKey((await newApiTenant("robot-other")).id);
      const key = `theirs-${randomSuffix()}`;
      const foreign = await api("POST", "/groups", {
        key: otherKey,
        body: { sourceId: source.id, key, type: "batch", members },
      });
      expectError(foreign, 404, "not_found");
      expect(await db.group.count({ where: { key } })).toBe(0);
      expect(await db.subject.count({ where: { tenantId: tenant.id, key: { in: members } } })).toBe(
        0,
      );

      // Nor can the other tenant read this tenant's group.
      const mine = `mine-${randomSuffix()}`;
      await createBatch(source.id, mine, ["m-2"]);
      expectError(await api("GET", `/groups/${mine}`, { key: otherKey }), 404, "not_found");
      const { key: ownKey } = await newTenantKey(tenant.id);
      expect(ok(await api("GET", `/groups/${mine}`, { key: ownKey }))).toMatchObject({
        key: mine,
        total: 1,
      });
    });
  });
});
