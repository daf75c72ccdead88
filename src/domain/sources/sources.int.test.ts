import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createTenant } from "@/domain/tenants/tenants";
import {
  createSource,
  deleteSource,
  findEnabledSourceBySlug,
  getSource,
  getSourceSecret,
  listSources,
  updateSource,
} from "./sources";

const suffix = () => randomBytes(4).toString("hex");
let tenantId: string;

beforeAll(async () => {
  tenantId = (await createTenant(everyTenant, { name: "Sources", slug: `sources-${suffix()}` })).id;
});

describe("sources", () => {
  it("creates a source with its ingest URL and secret, and seals the secret at rest", async () => {
    const slug = `crm-${suffix()}`;
    const created = await createSource(everyTenant, {
      tenantId,
      slug,
      name: "CRM leads",
      verification: { scheme: "shared_secret", secret: "s3cret" },
      idempotency: { from: "paths", paths: ["lead_id", "updated_at"] },
      required: ["lead_id"],
      timestamps: ["updated_at"],
      batch: true,
    });
    expect(created).toMatchObject({
      slug,
      ingestUrl: `/api/webhooks/${slug}`,
      secret: "s3cret",
      verification: { scheme: "shared_secret", header: "x-webhook-token", hasSecret: true },
      maxBodyBytes: 1_048_576,
      maxBatchItems: 1000,
      rateLimit: null,
    });
    const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretCiphertext).not.toContain("s3cret");
    // No later response carries the secret, except the one made for it.
    expect(JSON.stringify(await getSource(everyTenant, created.id))).not.toContain("s3cret");
    expect(JSON.stringify(await listSources(everyTenant, { tenantId }))).not.toContain("s3cret");
    expect(await getSourceSecret(everyTenant, created.id)).toEqual({ secret: "s3cret" });
  });

  it("verifies by default: a source made without a scheme checks a generated shared secret", async () => {
    const created = await createSource(everyTenant, { tenantId, slug: `d-${suffix()}`, name: "D" });
    expect(created.verification).toEqual({
      scheme: "shared_secret",
      header: "x-webhook-token",
      hasSecret: true,
    });
    expect(created.secret).toMatch(/^[\w-]{43}$/);
    expect(await getSourceSecret(everyTenant, created.id)).toEqual({ secret: created.secret });
    // No verification at all is a choice made out loud.
    const open = await createSource(everyTenant, {
      tenantId,
      slug: `o-${suffix()}`,
      name: "Open",
      verification: { scheme: "none" },
    });
    expect(open).toMatchObject({
      verification: { scheme: "none", hasSecret: false },
      secret: null,
    });
  });

  it("generates a secret in the scheme's form when only the scheme is given", async () => {
    const make = (verification: Parameters<typeof createSource>[1]["verification"]) =>
      createSource(everyTenant, { tenantId, slug: `g-${suffix()}`, name: "G", verification });
    expect((await make({ scheme: "standard_webhooks" })).secret).toMatch(
      /^whsec_[A-Za-z0-9+/]{43}=$/,
    );
    expect((await make({ scheme: "hmac_sha256", header: "x-sig" })).secret).toMatch(/^[\w-]{43}$/);
    expect((await make({ scheme: "bearer" })).secret).toMatch(/^[\w-]{43}$/);
    // Stripe and Slack issue their own secrets: one must be given.
    await expect(make({ scheme: "stripe" })).rejects.toThrow(/issues the secret/);
    await expect(make({ scheme: "slack" })).rejects.toThrow(/issues the secret/);
  });

  it("expands a provider preset", async () => {
    const created = await createSource(everyTenant, {
      tenantId,
      slug: `gh-${suffix()}`,
      name: "GitHub",
      verification: { preset: "github", secret: "gh" },
    });
    expect(created.verification).toMatchObject({
      scheme: "hmac_sha256",
      header: "x-hub-signature-256",
      encoding: "hex",
      prefix: "sha256=",
    });
  });

  it("updates, disables and deletes", async () => {
    const slug = `jobs-${suffix()}`;
    const { id } = await createSource(everyTenant, { tenantId, slug, name: "Jobs" });
    const updated = await updateSource(everyTenant, id, {
      verification: { scheme: "bearer", secret: "tok" },
      subject: { from: "url" },
      rateLimit: { limit: 5, period: "1m" },
    });
    expect(updated).toMatchObject({
      verification: { scheme: "bearer" },
      subject: { from: "url" },
      rateLimit: { limit: 5 },
    });
    expect((await findEnabledSourceBySlug(slug))?.secret).toBe("tok");

    await updateSource(everyTenant, id, { enabled: false });
    expect(await findEnabledSourceBySlug(slug)).toBeNull();

    await deleteSource(everyTenant, id);
    await expect(getSource(everyTenant, id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses bad configuration, a taken slug and an unknown tenant", async () => {
    const slug = `dup-${suffix()}`;
    const first = await createSource(everyTenant, { tenantId, slug, name: "First" });
    await expect(
      createSource(everyTenant, { tenantId, slug, name: "Second" }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    // A changed verification replaces the old one whole: it never silently gets a new secret.
    await expect(
      updateSource(everyTenant, first.id, { verification: { scheme: "hmac_sha256" } }),
    ).rejects.toThrow(/secret is required/);
    await expect(
      createSource(everyTenant, {
        tenantId,
        slug: `y-${suffix()}`,
        name: "Y",
        idempotency: { from: "paths", paths: [] },
      }),
    ).rejects.toThrow();
    await expect(
      createSource(everyTenant, {
        tenantId,
        slug: `z-${suffix()}`,
        name: "Z",
        rateLimit: { limit: 1, period: "soon" },
      }),
    ).rejects.toThrow(/duration/);
    await expect(
      createSource(everyTenant, { tenantId: "ten_missing", slug: `w-${suffix()}`, name: "W" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
