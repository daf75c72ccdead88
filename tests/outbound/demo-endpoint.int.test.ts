import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createEndpoint } from "@/domain/endpoints/endpoints";
import {
  appRunnerForTheseTests,
  deliveriesOf,
  newTenant,
  publishThroughSource,
  waitFor,
} from "../support/inbound-kit";
import { startWebhookServer } from "../support/webhook-server";

// Alive in the first minute (#12): the demo's built-in endpoint reaches the app's own demo
// receiver with ALLOW_PRIVATE_ENDPOINTS off, while the same URL stays blocked for any other.
const saved = { ...process.env };
Object.assign(process.env, { DELIVERY_RETRY_SCHEDULE: "1s", ALLOW_PRIVATE_ENDPOINTS: "false" });
appRunnerForTheseTests();
let server: Awaited<ReturnType<typeof startWebhookServer>>;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(async () => {
  await server.stop();
  process.env = saved;
});

describe("the demo's built-in endpoint", () => {
  it("delivers to this machine's demo receiver; an API-made endpoint to the same URL is blocked", async () => {
    const tenant = await newTenant("demo-loop");
    const url = `${server.url}/api/demo/receiver`;
    const builtIn = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url,
      eventTypes: ["order.*"],
    });
    await db.endpoint.update({ where: { id: builtIn.id }, data: { builtIn: true } });
    const other = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url,
      eventTypes: ["order.*"],
    });

    const eventId = await publishThroughSource(tenant.id, "order.created", { order: 1 });
    const deliveries = await waitFor("both deliveries to finish", async () => {
      const found = await deliveriesOf(eventId);
      return found.length === 2 && found.every((d) => d.status !== "pending") ? found : null;
    });
    const demo = deliveries.find((d) => d.endpointId === builtIn.id);
    const blocked = deliveries.find((d) => d.endpointId === other.id);
    expect(demo).toMatchObject({ status: "succeeded" });
    expect(demo?.attempts[0]?.responseStatus).toBe(200);
    expect(blocked).toMatchObject({ status: "failed" });
    expect(blocked?.attempts[0]?.errorKind).toBe("ssrf_blocked");
  });
});
