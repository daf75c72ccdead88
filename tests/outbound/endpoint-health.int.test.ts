import { afterAll, describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { createEndpoint, getEndpoint, updateEndpoint } from "@/domain/endpoints/endpoints";
import {
  appRunnerForTheseTests,
  deliveriesOf,
  newTenant,
  publishThroughSource,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

const saved = { ...process.env };
Object.assign(process.env, {
  DELIVERY_RETRY_SCHEDULE: "1s,1s,1s",
  DELIVERY_TIMEOUT: "2s",
  ALLOW_PRIVATE_ENDPOINTS: "true",
  ENDPOINT_AUTO_DISABLE_AFTER: "1500ms",
});

appRunnerForTheseTests();
afterAll(() => {
  process.env = saved;
});

describe("endpoint health", () => {
  it("410 Gone disables the endpoint with that reason and ends the delivery", async () => {
    const tenant = await newTenant("gone");
    const receiver = await startReceiver(() => ({ status: 410 }));
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    const eventId = await publishThroughSource(tenant.id, "claim.opened");
    const delivery = await waitFor("the delivery to fail", async () => {
      const [found] = await deliveriesOf(eventId);
      return found?.status === "failed" ? found : null;
    });
    expect(delivery.attempts).toHaveLength(1);
    expect(await getEndpoint(everyTenant, endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: "The endpoint answered 410 Gone",
    });
    await receiver.stop();
  });

  it("an endpoint failing continuously for the configured period is disabled, with the reason, and can be re-enabled", async () => {
    const tenant = await newTenant("failing");
    const receiver = await startReceiver(() => ({ status: 500 }));
    const endpoint = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    const eventId = await publishThroughSource(tenant.id, "claim.opened");
    const delivery = await waitFor("the endpoint to be disabled", async () => {
      const [found] = await deliveriesOf(eventId);
      return found?.status === "failed" ? found : null;
    });
    // Attempts a second apart (about 0 s, 1 s, 2 s; further apart on a busy machine): the one
    // that ends past the 1.5 s allowed disables the endpoint, each before it ended within them.
    const statuses = delivery.attempts.map((a) => a.responseStatus);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(statuses)).toEqual(new Set([500]));
    const [first] = delivery.attempts;
    const endedAfter = (a: (typeof delivery.attempts)[number]) =>
      a.startedAt.getTime() + (a.durationMs ?? 0) - (first?.startedAt.getTime() ?? 0);
    const last = delivery.attempts.at(-1);
    const beforeLast = delivery.attempts.at(-2);
    if (!last || !beforeLast) throw new Error("two attempts at least");
    expect(endedAfter(last)).toBeGreaterThanOrEqual(1_450);
    expect(endedAfter(beforeLast)).toBeLessThan(1_550);
    // And none follows.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const [after] = await deliveriesOf(eventId);
    expect(after?.attempts).toHaveLength(statuses.length);
    const disabled = await getEndpoint(everyTenant, endpoint.id);
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabledReason).toMatch(/^Every delivery failed since \d{4}-/);
    expect(disabled.failingSince).toBeInstanceOf(Date);

    const enabled = await updateEndpoint(everyTenant, endpoint.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await receiver.stop();
  });
});
