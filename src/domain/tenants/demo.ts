import { randomBytes } from "node:crypto";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "./tenants";

/**
 * On a database with no tenant yet, creates a demo tenant with a source and an endpoint so
 * a newcomer's console is not empty. The endpoint points at the app's own demo receiver.
 */
export async function seedDemoTenant(
  appUrl: string,
): Promise<{ seeded: false } | { seeded: true; sourceId: string }> {
  if ((await db.tenant.count()) > 0) return { seeded: false };
  const tenant = await createTenant(everyTenant, { name: "Demo", slug: "demo" });
  // Signed like a real provider's webhooks, so the demo shows verification too.
  const source = await createSource(everyTenant, {
    tenantId: tenant.id,
    slug: "demo-orders",
    name: "Demo orders",
    verification: {
      scheme: "hmac_sha256",
      header: "x-signature",
      encoding: "hex",
      prefix: "sha256=",
      secret: randomBytes(24).toString("base64url"),
    },
    idempotency: { from: "header", header: "webhook-id" },
    eventType: { from: "path", path: "type" },
    subject: { from: "path", path: "order.id" },
    // Each order is a tracked subject: the console shows its state move.
    tracking: { status: "order.status", terminal: ["delivered", "cancelled"] },
  });
  const endpoint = await createEndpoint(everyTenant, {
    tenantId: tenant.id,
    url: new URL("/api/demo/receiver", appUrl).toString(),
    description: "Demo receiver built into Switchyard",
    eventTypes: ["order.*"],
  });
  // It points at this machine, so it is marked built in: only this endpoint, never one made
  // through the API, may reach this machine while ALLOW_PRIVATE_ENDPOINTS is off.
  await db.endpoint.update({ where: { id: endpoint.id }, data: { builtIn: true } });
  return { seeded: true, sourceId: source.id };
}
