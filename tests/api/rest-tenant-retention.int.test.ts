import { describe, expect, it } from "vitest";
import { uniqueSlug } from "../support/inbound-kit";
import {
  api,
  expectError,
  newApiTenant,
  newTenantKey,
  ok,
  serveApiForTheseTests,
} from "./rest-kit";

// A tenant's retention (README "Retention"): days its events, requests, deliveries and attempts
// are kept; set on create or by PATCH /tenants/{id}, by platform admins only.
serveApiForTheseTests();

describe("retentionDays on /api/v1/tenants", () => {
  it("is 30 days unless the create says otherwise, and is returned", async () => {
    const plain = await newApiTenant("keep");
    expect(plain.retentionDays).toBe(30);
    const body = { name: "Short", slug: uniqueSlug("keep"), retentionDays: 7 };
    const short = ok(await api("POST", "/tenants", { body }), 201);
    expect(short.retentionDays).toBe(7);
    expect(ok(await api("GET", `/tenants/${short.id}`)).retentionDays).toBe(7);
  });

  it("PATCH changes it and only what it names", async () => {
    const tenant = await newApiTenant("keep");
    const patched = ok(
      await api("PATCH", `/tenants/${tenant.id}`, { body: { retentionDays: 90 } }),
    );
    expect(patched).toMatchObject({ id: tenant.id, name: tenant.name, retentionDays: 90 });
    expect(ok(await api("GET", `/tenants/${tenant.id}`)).retentionDays).toBe(90);
    const audit = ok(await api("GET", `/audit-log?tenantId=${tenant.id}`));
    expect(audit.items[0]).toMatchObject({
      action: "tenant.updated",
      target: { type: "tenant", id: tenant.id },
    });
    const renamed = ok(await api("PATCH", `/tenants/${tenant.id}`, { body: { name: "Renamed" } }));
    expect(renamed).toMatchObject({ name: "Renamed", retentionDays: 90 });
  });

  it("refuses a value out of 1..3650 or not a whole number with a 400, changing nothing", async () => {
    const tenant = await newApiTenant("keep");
    for (const retentionDays of [0, -1, 3651, 1.5, "30", null]) {
      const reply = await api("PATCH", `/tenants/${tenant.id}`, { body: { retentionDays } });
      expectError(reply, 400, "validation_failed");
      expect(reply.body.error.message).toContain("retentionDays");
    }
    const body = { name: "Bad", slug: uniqueSlug("keep"), retentionDays: 4000 };
    expectError(await api("POST", "/tenants", { body }), 400, "validation_failed");
    expect(ok(await api("GET", `/tenants/${tenant.id}`)).retentionDays).toBe(30);
    for (const edge of [1, 3650]) {
      const reply = await api("PATCH", `/tenants/${tenant.id}`, { body: { retentionDays: edge } });
      expect(ok(reply).retentionDays).toBe(edge);
    }
  });

  it("is for platform admins: a tenant key is refused, an unknown tenant is a 404", async () => {
    const tenant = await newApiTenant("keep");
    const { key } = await newTenantKey(tenant.id);
    const reply = await api("PATCH", `/tenants/${tenant.id}`, {
      key,
      body: { retentionDays: 1 },
    });
    expect(reply.status).toBe(403);
    expectError(
      await api("PATCH", "/tenants/ten_missing", { body: { retentionDays: 5 } }),
      404,
      "not_found",
    );
    expectError(
      await api("PATCH", `/tenants/${tenant.id}`, { body: { slug: "other" } }),
      400,
      "validation_failed",
    );
  });

  it("is in the OpenAPI document", async () => {
    const doc = ok(await api("GET", "/openapi.json", { key: null }));
    expect(doc.paths["/tenants/{id}"]?.patch).toBeDefined();
  });
});
