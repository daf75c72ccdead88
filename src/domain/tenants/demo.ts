import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { deliverySettings } from "@/domain/delivery/settings";
import { createEndpoint, disableEndpoint } from "@/domain/endpoints/endpoints";
import { createSource } from "@/domain/sources/sources";
import { createTenant } from "./tenants";

/**
 * On a database with no tenant yet, creates a demo tenant with a source and an endpoint so
 * a newcomer's console is not empty. The endpoint points at the app's own demo receiver.
 */
export async function seedDemoTenant(appUrl: string): Promise<{ seeded: boolean }> {
  if ((await db.tenant.count()) > 0) return { seeded: false };
  const tenant = await createTenant(everyTenant, { name: "Demo", slug: "demo" });
  await createSource(everyTenant, {
    tenantId: tenant.id,
    slug: "demo-orders",
    name: "Demo orders",
    idempotency: { from: "header", header: "webhook-id" },
    eventType: { from: "path", path: "type" },
  });
  const endpoint = await createEndpoint(everyTenant, {
    tenantId: tenant.id,
    url: new URL("/api/demo/receiver", appUrl).toString(),
    description: "Demo receiver built into Switchyard",
    eventTypes: ["order.*"],
  });
  // It points at this machine, which deliveries may only reach when the operator allows it.
  if (!deliverySettings().allowPrivate) {
    await disableEndpoint(
      everyTenant,
      endpoint.id,
      "Points at this machine: start with ALLOW_PRIVATE_ENDPOINTS=true, then enable it, to try deliveries",
    );
  }
  return { seeded: true };
}
