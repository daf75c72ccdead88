import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { openSecret } from "@/domain/secrets";
import { seedDemoTenant } from "./demo";

describe("seedDemoTenant", () => {
  beforeAll(async () => {
    // The demo is for an empty database only; start from one.
    await db.tenant.deleteMany();
  });

  it("creates the demo tenant, its source and endpoint once", async () => {
    expect(await seedDemoTenant("http://localhost:3999")).toMatchObject({ seeded: true });
    expect(await seedDemoTenant("http://localhost:3999")).toEqual({ seeded: false });

    const tenant = await db.tenant.findUniqueOrThrow({
      where: { slug: "demo" },
      include: { sources: true, endpoints: true },
    });
    expect(tenant.sources.map((s) => s.slug)).toEqual(["demo-orders"]);
    expect(tenant.endpoints).toHaveLength(1);
    const endpoint = tenant.endpoints[0];
    expect(endpoint?.url).toBe("http://localhost:3999/api/demo/receiver");
    // Enabled and built in: it reaches this machine without ALLOW_PRIVATE_ENDPOINTS.
    expect(endpoint).toMatchObject({ enabled: true, builtIn: true });
    // The secret is stored sealed, and opens to a Standard Webhooks secret.
    expect(endpoint?.secretCiphertext).not.toContain("whsec_");
    expect(openSecret(endpoint?.secretCiphertext ?? "")).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });
});
