import { describe, expect, it } from "vitest";
import { everyTenant } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { createEndpoint, getEndpoint, updateEndpoint } from "@/domain/endpoints/endpoints";
import { MASKED_HEADER_VALUE, sealPlainEndpointHeaders } from "@/domain/sealed-headers";
import {
  appRunnerForTheseTests,
  newTenant,
  publishThroughSource,
  waitFor,
} from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";

process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
appRunnerForTheseTests();

// Custom headers often carry the receiver's credentials: sealed at rest, masked in every read
// and in the attempt log, sent as given.
describe("an endpoint's custom headers", () => {
  it("are sealed at rest, masked in reads and attempt logs, and sent as given", async () => {
    const tenant = await newTenant("headers");
    const receiver = await startReceiver();
    const created = await createEndpoint(everyTenant, {
      tenantId: tenant.id,
      url: receiver.url,
      headers: { authorization: "Bearer tok-123", "x-team": "claims" },
    });
    const masked = { authorization: MASKED_HEADER_VALUE, "x-team": MASKED_HEADER_VALUE };
    // Shown as given once, in the answer that created them, like the secret.
    expect(created.headers).toEqual({ authorization: "Bearer tok-123", "x-team": "claims" });
    expect((await getEndpoint(everyTenant, created.id)).headers).toEqual(masked);
    const row = await db.endpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row.headers)).not.toMatch(/tok-123|claims/);

    await publishThroughSource(tenant.id, "claim.opened");
    await waitFor("the delivery", async () => receiver.received.length === 1);
    expect(receiver.received[0]?.headers).toMatchObject({
      authorization: "Bearer tok-123",
      "x-team": "claims",
    });
    const attempt = await waitFor("the attempt", () =>
      db.deliveryAttempt.findFirst({ where: { delivery: { endpointId: created.id } } }),
    );
    expect(attempt.requestHeaders).toMatchObject(masked);
    expect(JSON.stringify(attempt.requestHeaders)).not.toMatch(/tok-123|claims/);

    // Sending the mask back keeps a value; a new value replaces it; a header left out goes.
    await updateEndpoint(everyTenant, created.id, {
      headers: { authorization: MASKED_HEADER_VALUE, "x-region": "eu" },
    });
    await publishThroughSource(tenant.id, "claim.settled");
    await waitFor("the second delivery", async () => receiver.received.length === 2);
    expect(receiver.received[1]?.headers).toMatchObject({
      authorization: "Bearer tok-123",
      "x-region": "eu",
    });
    expect(receiver.received[1]?.headers["x-team"]).toBeUndefined();
    await receiver.stop();
  });

  it("stored in plain text before sealing, are sealed at start and still sent", async () => {
    const tenant = await newTenant("legacy-headers");
    const receiver = await startReceiver();
    const created = await createEndpoint(everyTenant, { tenantId: tenant.id, url: receiver.url });
    await db.endpoint.update({
      where: { id: created.id },
      data: { headers: { authorization: "Bearer legacy" } },
    });
    expect(await sealPlainEndpointHeaders()).toBeGreaterThanOrEqual(1);
    const row = await db.endpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row.headers)).not.toContain("legacy");
    expect(await sealPlainEndpointHeaders()).toBe(0);

    await publishThroughSource(tenant.id, "claim.opened");
    await waitFor("the delivery", async () => receiver.received.length === 1);
    expect(receiver.received[0]?.headers.authorization).toBe("Bearer legacy");
    await receiver.stop();
  });
});
