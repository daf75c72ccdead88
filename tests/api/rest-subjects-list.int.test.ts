import { describe, expect, it } from "vitest";
import { postWebhook, sleep, uniqueSlug } from "../support/inbound-kit";
import {
  api,
  type Body,
  expectError,
  newApiSource,
  newApiTenant,
  newTenantKey,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
} from "./rest-kit";

// GET /api/v1/subjects (subjects.list): most recently active first, with event counts,
// filtered by tenant, source, key prefix and status, in keyset pages, each tenant walled off.
serveApiForTheseTests();

const keysOf = (reply: Body) => reply.items.map((subject: Body) => subject.key);

async function list(filter: Record<string, string | number | undefined>, key?: string) {
  return ok(await api("GET", `/subjects${query(filter)}`, { key }));
}

describe("GET /subjects", () => {
  it("lists a tenant's subjects, most recently active first, with how many events each has", async () => {
    const tenant = await newApiTenant("subjects");
    await publish(tenant.id, "order.placed", {}, { subject: "order-1" });
    await sleep(5);
    await publish(tenant.id, "order.placed", {}, { subject: "order-2" });
    await sleep(5);
    await publish(tenant.id, "order.paid", {}, { subject: "order-1" });
    await publish(tenant.id, "order.shipped", {});

    const found = await list({ tenantId: tenant.id });
    expect(keysOf(found)).toEqual(["order-1", "order-2"]);
    expect(found.items[0]).toMatchObject({
      tenantId: tenant.id,
      key: "order-1",
      eventCount: 2,
      status: null,
      lastEventAt: expect.any(String),
    });
    expect(found.items[1]).toMatchObject({ key: "order-2", eventCount: 1 });
    expect(found.nextCursor).toBeNull();
  });

  it("filters by source and key prefix", async () => {
    const tenant = await newApiTenant("calls");
    const calls = await newApiSource(tenant.id, {
      eventType: { fixed: "call.updated" },
      subject: { from: "path", path: "call.id" },
    });
    const prefix = uniqueSlug("call");
    for (const id of [`${prefix}-1`, `${prefix}-2`, "other-1"]) {
      expect((await postWebhook(serverUrl(), calls.slug, { call: { id } })).status).toBe(202);
    }
    await publish(tenant.id, "note.added", {}, { subject: `${prefix}-published` });

    expect(keysOf(await list({ sourceId: calls.id })).sort()).toEqual(
      [`${prefix}-1`, `${prefix}-2`, "other-1"].sort(),
    );
    expect(keysOf(await list({ tenantId: tenant.id, keyPrefix: prefix })).sort()).toEqual(
      [`${prefix}-1`, `${prefix}-2`, `${prefix}-published`].sort(),
    );
    expect(keysOf(await list({ sourceId: calls.id, keyPrefix: `${prefix}-2` }))).toEqual([
      `${prefix}-2`,
    ]);
    // A prefix is text, not a pattern.
    expect(keysOf(await list({ tenantId: tenant.id, keyPrefix: "%" }))).toEqual([]);
    expect(keysOf(await list({ tenantId: tenant.id, keyPrefix: "other_" }))).toEqual([]);
  });

  it("pages with a cursor: limit=2 over 5 subjects, no overlap, nextCursor null at the end", async () => {
    const tenant = await newApiTenant("pages");
    for (let n = 1; n <= 5; n++) {
      await publish(tenant.id, "job.updated", {}, { subject: `job-${n}` });
      await sleep(2);
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ tenantId: tenant.id, limit: 2, cursor });
      pages.push(keysOf(page));
      cursor = page.nextCursor ?? undefined;
      expect(pages.length).toBeLessThanOrEqual(3);
    } while (cursor);
    expect(pages).toEqual([["job-5", "job-4"], ["job-3", "job-2"], ["job-1"]]);
  });

  it("shows a tenant key its own subjects only", async () => {
    const key = uniqueSlug("shared");
    const acme = await newApiTenant("acme");
    const globex = await newApiTenant("globex");
    await publish(acme.id, "order.placed", {}, { subject: key });
    await publish(globex.id, "order.placed", {}, { subject: key });
    const acmeKey = (await newTenantKey(acme.id)).key;

    const own = await list({ keyPrefix: key }, acmeKey);
    expect(own.items.map((s: Body) => s.tenantId)).toEqual([acme.id]);
    expect((await list({ keyPrefix: key })).items).toHaveLength(2);
    expectError(
      await api("GET", `/subjects${query({ tenantId: globex.id })}`, { key: acmeKey }),
      403,
      "forbidden",
    );
  });
});
