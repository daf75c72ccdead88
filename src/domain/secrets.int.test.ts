import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { createSource, getSourceSecret } from "@/domain/sources/sources";
import { createTenant } from "@/domain/tenants/tenants";
import { generateEncryptionKey, keyId, parseEncryptionKey } from "@/lib/crypto/secret-box";
import { assertStoredSecretsOpen, sealSecret } from "./secrets";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("APP_ENCRYPTION_KEY rotation", () => {
  it("a new key first, the old one after: old secrets open, new ones use the new key; the old key alone fails the start check clearly", async () => {
    const oldKey = process.env.APP_ENCRYPTION_KEY ?? "";
    const tenant = await createTenant(everyTenant, {
      name: "Keys",
      slug: `keys-${randomBytes(4).toString("hex")}`,
    });
    const source = await createSource(everyTenant, {
      tenantId: tenant.id,
      slug: `keys-${randomBytes(4).toString("hex")}`,
      name: "Keys",
      verification: { scheme: "bearer", secret: "sealed-with-the-old-key" },
    });
    await expect(assertStoredSecretsOpen()).resolves.toBeUndefined();

    const newKey = generateEncryptionKey();
    vi.stubEnv("APP_ENCRYPTION_KEY", newKey);
    await expect(assertStoredSecretsOpen()).rejects.toThrow(
      /Stored secrets cannot be opened with APP_ENCRYPTION_KEY.*APP_ENCRYPTION_KEY=<new>,<old>/,
    );

    vi.stubEnv("APP_ENCRYPTION_KEY", `${newKey},${oldKey}`);
    await expect(assertStoredSecretsOpen()).resolves.toBeUndefined();
    expect(await getSourceSecret(everyTenant, source.id)).toEqual({
      secret: "sealed-with-the-old-key",
    });
    expect(sealSecret("fresh").split(".")[1]).toBe(keyId(parseEncryptionKey(newKey)));
  });
});
