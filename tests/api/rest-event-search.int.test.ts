import { describe, expect, it } from "vitest";
import { postWebhook, uniqueSlug } from "../support/inbound-kit";
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

// GET /api/v1/events?payloadPath=&payloadValue=: events whose payload holds a value at a
// dotted path (JSONB containment, served by a GIN index), with every other filter and the
// tenant's walls kept.
serveApiForTheseTests();

const idsOf = (reply: Body) => reply.items.map((event: Body) => event.id);

async function search(filter: Record<string, string | number | undefined>, key?: string) {
  return ok(await api("GET", `/events${query(filter)}`, { key }));
}

describe("GET /events with a payload field", () => {
  it("finds a number or a text by a top-level field, newest first", async () => {
    const tenant = await newApiTenant("search");
    const asNumber = await publish(tenant.id, "lead.updated", { lead_id: 42, name: "Ada" });
    const asText = await publish(tenant.id, "lead.updated", { lead_id: "42" });
    await publish(tenant.id, "lead.updated", { lead_id: 43 });
    await publish(tenant.id, "lead.updated", { other: { lead_id: 42 } });

    const found = await search({ tenantId: tenant.id, payloadPath: "lead_id", payloadValue: "42" });
    expect(idsOf(found)).toEqual([asText.id, asNumber.id]);
    expect(found.items[0]).toMatchObject({ tenantId: tenant.id, type: "lead.updated" });

    const byName = await search({ tenantId: tenant.id, payloadPath: "name", payloadValue: "Ada" });
    expect(idsOf(byName)).toEqual([asNumber.id]);
    expect(
      idsOf(await search({ tenantId: tenant.id, payloadPath: "lead_id", payloadValue: "4" })),
    ).toEqual([]);
  });

  it("follows a dotted path into an inbound webhook's payload, with the other filters", async () => {
    const tenant = await newApiTenant("calls");
    const source = await newApiSource(tenant.id, {
      eventType: { from: "path", path: "message.type" },
      subject: { from: "path", path: "message.call.id" },
    });
    const [a, b] = [uniqueSlug("call"), uniqueSlug("call")];
    const post = (type: string, callId: string, extra = {}) =>
      postWebhook(serverUrl(), source.slug, { message: { type, call: { id: callId }, ...extra } });
    expect((await post("status-update", a, { status: "ringing" })).status).toBe(202);
    expect((await post("status-update", b, { status: "ringing" })).status).toBe(202);
    expect((await post("end-of-call-report", a)).status).toBe(202);

    const callA = await search({ payloadPath: "message.call.id", payloadValue: a });
    expect(callA.items.map((e: Body) => [e.type, e.subject])).toEqual([
      ["end-of-call-report", a],
      ["status-update", a],
    ]);
    const ringing = await search({
      sourceId: source.id,
      type: "status-update",
      payloadPath: "message.status",
      payloadValue: "ringing",
    });
    expect(ringing.items.map((e: Body) => e.subject)).toEqual([b, a]);
    const paged = await search({
      payloadPath: "message.call.id",
      payloadValue: a,
      limit: 1,
    });
    expect(paged.items).toHaveLength(1);
    const second = await search({
      payloadPath: "message.call.id",
      payloadValue: a,
      limit: 1,
      cursor: paged.nextCursor,
    });
    expect(idsOf(second)).toEqual([callA.items[1].id]);
    expect(second.nextCursor).toBeNull();
  });

  it("keeps a tenant key inside its tenant", async () => {
    const marker = uniqueSlug("order");
    const acme = await newApiTenant("acme");
    const globex = await newApiTenant("globex");
    const acmeEvent = await publish(acme.id, "order.placed", { order: marker });
    const globexEvent = await publish(globex.id, "order.placed", { order: marker });
    const acmeKey = (await newTenantKey(acme.id)).key;
    const filter = { payloadPath: "order", payloadValue: marker };

    expect(idsOf(await search(filter, acmeKey))).toEqual([acmeEvent.id]);
    expect(idsOf(await search(filter))).toEqual([globexEvent.id, acmeEvent.id]);
    const foreign = await api("GET", `/events${query({ ...filter, tenantId: globex.id })}`, {
      key: acmeKey,
    });
    expectError(foreign, 403, "forbidden");
  });

  it("asks for both halves of the filter, and a well-formed path", async () => {
    expectError(
      await api("GET", `/events${query({ payloadPath: "lead_id" })}`),
      400,
      "validation_failed",
    );
    expectError(
      await api("GET", `/events${query({ payloadValue: "42" })}`),
      400,
      "validation_failed",
    );
    const badPath = await api("GET", `/events${query({ payloadPath: "a..b", payloadValue: "1" })}`);
    expect(badPath.status).toBe(400);
  });

  it("is listed in the OpenAPI document", async () => {
    const doc = ok(await api("GET", "/openapi.json", { key: null }));
    const names = doc.paths["/events"].get.parameters.map((p: Body) => p.name);
    expect(names).toEqual(expect.arrayContaining(["payloadPath", "payloadValue"]));
  });
});
