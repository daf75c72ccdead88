// What the delivery journeys set up over the REST API with the admin key (tenants, endpoints,
// published events), and a receiver on this machine that fails until it is told to recover.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { admin } from "./people";

const auth = { authorization: `Bearer ${admin.apiKey}` };
const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** An endpoint's receiver: answers 500 until `healthy` is set, then 200. */
export async function startReceiver() {
  const state = { healthy: false, received: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.received++;
      res.writeHead(state.healthy ? 200 : 500, { "content-type": "application/json" });
      res.end(JSON.stringify(state.healthy ? { ok: true } : { error: "receiver is down" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/${unique()}`,
    state,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function newTenant(request: APIRequestContext, name: string) {
  const created = await request.post("/api/v1/tenants", {
    headers: auth,
    data: { name, slug: `t-${unique()}` },
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; name: string };
}

export async function newEndpoint(request: APIRequestContext, tenantId: string, url: string) {
  const created = await request.post("/api/v1/endpoints", {
    headers: auth,
    data: { tenantId, url, eventTypes: ["claim.*"], description: "Claims desk" },
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()) as { id: string; url: string };
}

export async function publish(
  request: APIRequestContext,
  tenantId: string,
  type: string,
  data: object,
) {
  const published = await request.post("/api/v1/events", {
    headers: auth,
    data: { tenantId, type, data },
  });
  expect(published.status(), await published.text()).toBe(202);
  return (await published.json()) as { id: string };
}

type Delivery = { id: string; status: string };

/** Waits until the endpoint has `count` deliveries with `status`; returns them. */
export async function deliveriesOf(
  request: APIRequestContext,
  endpointId: string,
  status: string,
  count: number,
): Promise<Delivery[]> {
  let items: Delivery[] = [];
  await expect
    .poll(
      async () => {
        const reply = await request.get(`/api/v1/deliveries?endpointId=${endpointId}`, {
          headers: auth,
        });
        items = ((await reply.json()) as { items: Delivery[] }).items;
        return items.filter((delivery) => delivery.status === status).length;
      },
      { timeout: 20_000, message: `${count} ${status} deliveries` },
    )
    .toBe(count);
  return items;
}

/**
 * axe-core finds no serious or critical violation on the page as it is now. Toasts are left
 * out: their colours are the shared toaster's (sonner's rich colours), not the page's.
 */
export async function expectAccessible(page: Page) {
  // Next.js streams a page's metadata after its body: audit the page once it has its title.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(", ")}`);
  expect(grave).toEqual([]);
}
