import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sleep, uniqueSlug } from "../support/inbound-kit";
import {
  api,
  type Body,
  newApiEndpoint,
  newApiTenant,
  newTenantKey,
  nowhere,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
} from "./rest-kit";

// The management REST API's routes and shapes (PRODUCT.md "Management REST API"), over real
// HTTP. No runner here: events are stored and handed off, nothing is delivered.
serveApiForTheseTests();

const withoutTimes = ({ updatedAt: _u, ...rest }: Body) => rest;

describe("tenants and api keys", () => {
  it("POST /tenants creates a tenant (201 {id, slug, name}) that GET /tenants lists", async () => {
    const slug = uniqueSlug("acme");
    const created = ok(await api("POST", "/tenants", { body: { name: "Acme", slug } }), 201);
    expect(created).toMatchObject({ id: expect.stringMatching(/^ten_/), slug, name: "Acme" });
    const list = ok(await api("GET", "/tenants"));
    expect(list.items).toContainEqual(expect.objectContaining({ id: created.id, slug }));
  });

  it("POST /tenants/{id}/api-keys shows the key once; the list of keys never does", async () => {
    const tenant = await newApiTenant("keys");
    const issued = await newTenantKey(tenant.id);
    expect(issued).toMatchObject({ id: expect.any(String), key: expect.stringMatching(/^sk_/) });
    const keys = await api("GET", `/tenants/${tenant.id}/api-keys`);
    expect(ok(keys).items.map((k: Body) => k.id)).toEqual([issued.id]);
    expect(keys.text).not.toContain(issued.key);
    // The key works: it sees its tenant.
    const seen = ok(await api("GET", "/tenants", { key: issued.key }));
    expect(seen.items.map((t: Body) => t.id)).toEqual([tenant.id]);
  });
});

describe("sources", () => {
  const secret = `s3cret-${randomBytes(8).toString("hex")}`;
  const fields = {
    name: "CRM leads",
    verification: { scheme: "shared_secret", header: "x-webhook-token", secret },
    idempotency: { from: "paths", paths: ["lead_id", "updated_at"] },
    eventType: { from: "path", path: "message.type" },
    subject: { from: "path", path: "message.call.id" },
    required: ["lead_id", "updated_at"],
    timestamps: ["updated_at"],
  };

  it("POST /sources answers 201 with the absolute ingest URL and the secret", async () => {
    const tenant = await newApiTenant("src");
    const slug = uniqueSlug("crm-leads");
    const created = ok(
      await api("POST", "/sources", { body: { tenantId: tenant.id, slug, ...fields } }),
      201,
    );
    expect(created).toMatchObject({ id: expect.any(String), slug, tenantId: tenant.id, secret });
    expect(created.ingestUrl).toBe(`${serverUrl()}/api/webhooks/${slug}`);
    expect(new URL(created.ingestUrl).protocol).toBe("http:");
    expect(created).toMatchObject({ eventType: fields.eventType, required: fields.required });
  });

  it("GET shows no secret, GET /sources/{id}/secret does; PATCH keeps what it does not name", async () => {
    const tenant = await newApiTenant("src");
    const slug = uniqueSlug("crm");
    const body = { tenantId: tenant.id, slug, ...fields };
    const { id } = ok(await api("POST", "/sources", { body }), 201);

    const one = await api("GET", `/sources/${id}`);
    expect(ok(one)).not.toHaveProperty("secret");
    expect(one.text).not.toContain(secret);
    const list = await api("GET", `/sources${query({ tenantId: tenant.id })}`);
    expect(ok(list).items.map((s: Body) => s.id)).toEqual([id]);
    expect(list.text).not.toContain(secret);
    expect(ok(await api("GET", `/sources/${id}/secret`))).toEqual({ secret });

    const patched = ok(await api("PATCH", `/sources/${id}`, { body: { name: "Renamed" } }));
    expect(patched.name).toBe("Renamed");
    expect(withoutTimes({ ...patched, name: one.body.name })).toEqual(withoutTimes(one.body));
    expect(withoutTimes(ok(await api("GET", `/sources/${id}`)))).toEqual(withoutTimes(patched));
    expect(ok(await api("GET", `/sources/${id}/secret`))).toEqual({ secret });
  });

  it("DELETE /sources/{id} deletes it: GET is then a 404", async () => {
    const tenant = await newApiTenant("src");
    const body = { tenantId: tenant.id, slug: uniqueSlug("gone"), name: "Gone" };
    const { id } = ok(await api("POST", "/sources", { body }), 201);
    expect(ok(await api("DELETE", `/sources/${id}`))).toEqual({ id, deleted: true });
    expect((await api("GET", `/sources/${id}`)).status).toBe(404);
  });
});

describe("endpoints", () => {
  const fields = {
    url: `${nowhere}/claims`,
    eventTypes: ["claim.*"],
    description: "Claims team",
    headers: { "x-team": "claims" },
    enabled: true,
  };

  it("POST /endpoints answers 201 with a whsec_ secret that only GET /endpoints/{id}/secret repeats", async () => {
    const tenant = await newApiTenant("ep");
    const created = ok(
      await api("POST", "/endpoints", { body: { tenantId: tenant.id, ...fields } }),
      201,
    );
    expect(created).toMatchObject({ id: expect.stringMatching(/^ep_/), ...fields });
    expect(created.secret).toMatch(/^whsec_/);

    const one = await api("GET", `/endpoints/${created.id}`);
    expect(ok(one)).not.toHaveProperty("secret");
    expect(one.text).not.toContain(created.secret);
    const list = await api("GET", `/endpoints${query({ tenantId: tenant.id })}`);
    expect(ok(list).items.map((e: Body) => e.id)).toEqual([created.id]);
    expect(list.text).not.toContain(created.secret);
    const secret = ok(await api("GET", `/endpoints/${created.id}/secret`));
    expect(secret).toEqual({ secret: created.secret });
  });

  it("PATCH changes one field and leaves the others as they were", async () => {
    const tenant = await newApiTenant("ep");
    const created = await newApiEndpoint(tenant.id, fields.url, fields);
    const before = ok(await api("GET", `/endpoints/${created.id}`));
    const patched = ok(
      await api("PATCH", `/endpoints/${created.id}`, { body: { description: "Renamed" } }),
    );
    expect(patched.description).toBe("Renamed");
    expect(withoutTimes({ ...patched, description: before.description })).toEqual(
      withoutTimes(before),
    );
  });

  it("POST /endpoints/{id}/rotate-secret returns a new secret and sets rotatingUntil", async () => {
    const tenant = await newApiTenant("ep");
    const created = await newApiEndpoint(tenant.id, fields.url);
    expect(created.rotatingUntil).toBeNull();
    const rotated = ok(await api("POST", `/endpoints/${created.id}/rotate-secret`));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const after = ok(await api("GET", `/endpoints/${created.id}`));
    expect(Date.parse(after.rotatingUntil)).toBeGreaterThan(Date.now());
    const current = ok(await api("GET", `/endpoints/${created.id}/secret`));
    expect(current).toEqual({ secret: rotated.secret });
  });

  it("DELETE /endpoints/{id} deletes it: GET is then a 404", async () => {
    const tenant = await newApiTenant("ep");
    const { id } = await newApiEndpoint(tenant.id, fields.url);
    expect(ok(await api("DELETE", `/endpoints/${id}`))).toEqual({ id, deleted: true });
    expect((await api("GET", `/endpoints/${id}`)).status).toBe(404);
  });
});

describe("events", () => {
  it("POST /events answers 202 {id: evt_...}; the same idempotencyKey gives the same event", async () => {
    const tenant = await newApiTenant("pub");
    const body = {
      tenantId: tenant.id,
      type: "claim.opened",
      data: { claim: 1 },
      idempotencyKey: "c-1",
    };
    const published = ok(await api("POST", "/events", { body }), 202);
    expect(published).toMatchObject({ id: expect.stringMatching(/^evt_/), duplicate: false });
    expect(published).toMatchObject({ tenantId: tenant.id, type: "claim.opened" });
    const again = ok(await api("POST", "/events", { body }), 202);
    expect(again).toMatchObject({ id: published.id, duplicate: true });
    const list = ok(await api("GET", `/events${query({ tenantId: tenant.id })}`));
    expect(list.items.map((e: Body) => e.id)).toEqual([published.id]);
  });

  it("GET /events filters by tenant, type, subject, status and time range", async () => {
    const tenant = await newApiTenant("filter");
    const other = await newApiTenant("filter");
    await publish(other.id, "order.placed", {}, { subject: "order-1" });
    const early = [
      await publish(tenant.id, "order.placed", { n: 1 }, { subject: "order-1" }),
      await publish(tenant.id, "order.paid", { n: 2 }, { subject: "order-1" }),
    ];
    await sleep(50);
    const middle = new Date().toISOString();
    await sleep(50);
    const late = [
      await publish(tenant.id, "order.placed", { n: 3 }, { subject: "order-2" }),
      await publish(tenant.id, "order.shipped", { n: 4 }),
    ];
    const ids = async (filter: Record<string, string>) =>
      ok(await api("GET", `/events${query({ tenantId: tenant.id, ...filter })}`)).items.map(
        (e: Body) => e.id,
      );
    const idsOf = (events: Body[]) => events.map((e) => e.id);

    expect(await ids({})).toEqual(idsOf([...early, ...late]).reverse());
    expect(await ids({ type: "order.placed" })).toEqual([late[0].id, early[0].id]);
    expect(await ids({ subject: "order-1" })).toEqual(idsOf(early).reverse());
    expect(await ids({ from: middle })).toEqual(idsOf(late).reverse());
    expect(await ids({ to: middle })).toEqual(idsOf(early).reverse());
    expect(await ids({ status: "failed" })).toEqual([]);
    const { items } = ok(await api("GET", `/events${query({ tenantId: tenant.id })}`));
    const status = items[0].status;
    expect(["received", "processing", "completed"]).toContain(status);
    const sameStatus = items.filter((e: Body) => e.status === status).map((e: Body) => e.id);
    expect(await ids({ status })).toEqual(sameStatus);
    expect(items[0]).toMatchObject({ tenantId: tenant.id, type: "order.shipped", subject: null });
    expect(items[1]).toMatchObject({ subject: "order-2", sourceId: null });
  });

  it("GET /events pages with a cursor: limit=2 over 5 events, no overlap, nextCursor null at the end", async () => {
    const tenant = await newApiTenant("pages");
    const published: string[] = [];
    for (let n = 0; n < 5; n++) published.push((await publish(tenant.id, "page.test", { n })).id);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = ok(
        await api("GET", `/events${query({ tenantId: tenant.id, limit: 2, cursor })}`),
      );
      pages.push(page.items.map((e: Body) => e.id));
      cursor = page.nextCursor ?? undefined;
      expect(pages.length).toBeLessThanOrEqual(3);
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...published].reverse());
  });

  it("GET /events/{id} has the payload and a timeline", async () => {
    const tenant = await newApiTenant("detail");
    const data = { claim: { id: 7, amount: 1200 }, tags: ["a", "b"] };
    const { id } = await publish(tenant.id, "claim.opened", data, { subject: "claim-7" });
    const event = ok(await api("GET", `/events/${id}`));
    expect(event).toMatchObject({ id, tenantId: tenant.id, type: "claim.opened", payload: data });
    expect(event.subject).toBe("claim-7");
    expect(["received", "processing", "completed"]).toContain(event.status);
    expect(event.timeline[0]).toMatchObject({ kind: "received", at: expect.any(String) });
  });
});

describe("openapi document", () => {
  it("GET /api/v1/openapi.json is an OpenAPI 3.1 document listing every route", async () => {
    const reply = await api("GET", "/openapi.json", { key: null });
    const doc = ok(reply);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const routes: [string, string][] = [
      ["post", "/tenants"],
      ["get", "/tenants"],
      ["post", "/tenants/{id}/api-keys"],
      ["post", "/sources"],
      ["get", "/sources"],
      ["get", "/sources/{id}"],
      ["patch", "/sources/{id}"],
      ["delete", "/sources/{id}"],
      ["get", "/sources/{id}/secret"],
      ["post", "/endpoints"],
      ["get", "/endpoints"],
      ["get", "/endpoints/{id}"],
      ["patch", "/endpoints/{id}"],
      ["delete", "/endpoints/{id}"],
      ["get", "/endpoints/{id}/secret"],
      ["post", "/endpoints/{id}/rotate-secret"],
      ["post", "/events"],
      ["get", "/events"],
      ["get", "/events/{id}"],
      ["post", "/events/{id}/replay"],
      ["get", "/deliveries"],
      ["get", "/deliveries/{id}"],
      ["post", "/deliveries/{id}/retry"],
      ["get", "/subjects/{key}"],
      ["get", "/stats"],
    ];
    const missing = routes.filter(([method, path]) => !doc.paths?.[path]?.[method]);
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths["/tenants"].post.responses)).toContain("201");
    expect(Object.keys(doc.paths["/events"].post.responses)).toContain("202");
    expect(doc.paths["/events"].get.parameters.map((p: Body) => p.name)).toEqual(
      expect.arrayContaining([
        "tenantId",
        "type",
        "status",
        "subject",
        "from",
        "to",
        "cursor",
        "limit",
      ]),
    );
  });
});
