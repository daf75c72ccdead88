import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { DomainError } from "@/domain/errors";
import { publishEvent } from "@/domain/events/publish";
import { createTenant, getTenant, listTenants } from "./tenants";

const uniqueSlug = () => `acme-${randomBytes(4).toString("hex")}`;

describe("tenants", () => {
  it("creates a tenant with a prefixed id and lists it with its counts", async () => {
    const slug = uniqueSlug();
    const tenant = await createTenant(everyTenant, { name: "Acme", slug });
    expect(tenant.id).toMatch(/^ten_/);
    expect(await getTenant(everyTenant, tenant.id)).toMatchObject({ slug, name: "Acme" });
    const listed = (await listTenants(everyTenant)).find((t) => t.id === tenant.id);
    expect(listed?.counts).toEqual({ sources: 0, endpoints: 0, events: 0 });
  });

  it("counts a tenant's events (from the rollups), its own only", async () => {
    const tenant = await createTenant(everyTenant, { name: "Counted", slug: uniqueSlug() });
    const other = await createTenant(everyTenant, { name: "Other", slug: uniqueSlug() });
    for (const n of [1, 2, 3]) {
      await publishEvent(everyTenant, { tenantId: tenant.id, type: "claim.opened", data: { n } });
    }
    await publishEvent(everyTenant, { tenantId: other.id, type: "claim.opened", data: {} });
    const listed = await listTenants(everyTenant);
    expect(listed.find((t) => t.id === tenant.id)?.counts.events).toBe(3);
    expect(listed.find((t) => t.id === other.id)?.counts.events).toBe(1);
  });

  it("refuses a taken slug with a conflict", async () => {
    const slug = uniqueSlug();
    await createTenant(everyTenant, { name: "First", slug });
    const error = await createTenant(everyTenant, { name: "Second", slug }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("conflict");
  });

  it("refuses a malformed slug before touching the database", async () => {
    await expect(createTenant(everyTenant, { name: "Bad", slug: "Not A Slug" })).rejects.toThrow(
      /slug/,
    );
  });

  it("answers not found for an unknown id", async () => {
    await expect(getTenant(everyTenant, "ten_missing")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
