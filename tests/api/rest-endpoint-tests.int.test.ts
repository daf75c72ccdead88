import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { appRunnerForTheseTests, waitFor } from "../support/inbound-kit";
import { startReceiver } from "../support/receiver";
import {
  api,
  expectError,
  newApiEndpoint,
  newApiTenant,
  ok,
  serveApiForTheseTests,
  tenantWithKey,
} from "./rest-kit";

// A test send with an edited payload, kept for the next one (issue 12): POST and GET
// /endpoints/{id}/test over real HTTP, delivered by the embedded runner to a local receiver.
serveApiForTheseTests();
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
process.env.DELIVERY_RETRY_SCHEDULE = "1s";
process.env.DELIVERY_TIMEOUT = "2s";
appRunnerForTheseTests();

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.stop();
});

/** The bodies the receiver got for this endpoint's test events, parsed. */
function testBodiesOf(endpointId: string) {
  return receiver.received
    .map((request) => JSON.parse(request.body))
    .filter((body) => body.data?.endpointId === endpointId || body.data?.for === endpointId);
}

const succeeded = (deliveryId: string) =>
  waitFor(`test delivery ${deliveryId}`, async () => {
    const delivery = ok(await api("GET", `/deliveries/${deliveryId}`));
    return delivery.status === "succeeded" ? delivery : null;
  });

describe("test send with an editable payload, kept", () => {
  it("sends the edited type and data exactly, and keeps them for the next test send", async () => {
    const tenant = await newApiTenant("test-send");
    const endpoint = await newApiEndpoint(tenant.id, receiver.url);
    const example = ok(await api("GET", `/endpoints/${endpoint.id}/test`));
    expect(example).toMatchObject({ type: "switchyard.test", kept: false });
    expect(example.data).toMatchObject({ endpointId: endpoint.id });

    const data = { for: endpoint.id, claim: { id: "c-7", amount: 120.5 }, tags: ["a", "ü"] };
    const sent = ok(
      await api("POST", `/endpoints/${endpoint.id}/test`, { body: { type: "claim.opened", data } }),
      202,
    );
    const delivery = await succeeded(sent.deliveryId);
    expect(delivery.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(["test"]);
    const [body] = testBodiesOf(endpoint.id);
    expect(body).toMatchObject({ type: "claim.opened" });
    expect(body.data).toEqual(data);

    expect(ok(await api("GET", `/endpoints/${endpoint.id}/test`))).toEqual({
      type: "claim.opened",
      data,
      kept: true,
    });
  });

  it("without a body still sends switchyard.test with the example, and keeps what was kept", async () => {
    const tenant = await newApiTenant("test-compat");
    const endpoint = await newApiEndpoint(tenant.id, receiver.url);
    const kept = { for: endpoint.id, edited: true };
    await succeeded(
      ok(await api("POST", `/endpoints/${endpoint.id}/test`, { body: { data: kept } }), 202)
        .deliveryId,
    );
    const plain = ok(await api("POST", `/endpoints/${endpoint.id}/test`), 202);
    await succeeded(plain.deliveryId);
    const bodies = testBodiesOf(endpoint.id);
    expect(bodies.map((b) => b.type)).toEqual(["switchyard.test", "switchyard.test"]);
    expect(bodies[1].data).toEqual({
      message: "A test event from Switchyard",
      endpointId: endpoint.id,
    });
    expect(ok(await api("GET", `/endpoints/${endpoint.id}/test`))).toMatchObject({
      type: "switchyard.test",
      data: kept,
      kept: true,
    });
    const audit = await db.auditEntry.findMany({
      where: { targetId: endpoint.id, action: "endpoint.test_sent" },
    });
    expect(audit).toHaveLength(2);
  });

  it("refuses a bad type or data with the issues, and another tenant's key finds nothing", async () => {
    const { tenant, key } = await tenantWithKey("test-own");
    const stranger = await tenantWithKey("test-stranger");
    const endpoint = await newApiEndpoint(tenant.id, receiver.url);
    expectError(
      await api("POST", `/endpoints/${endpoint.id}/test`, {
        key,
        body: { type: "not a type!", data: [] },
      }),
      400,
      "validation_failed",
    );
    await api("POST", `/endpoints/${endpoint.id}/test`, {
      key,
      body: { data: { secretOf: "tenant" } },
    });
    expectError(
      await api("GET", `/endpoints/${endpoint.id}/test`, { key: stranger.key }),
      404,
      "not_found",
    );
    expectError(
      await api("POST", `/endpoints/${endpoint.id}/test`, {
        key: stranger.key,
        body: { data: { planted: true } },
      }),
      404,
      "not_found",
    );
    expect(ok(await api("GET", `/endpoints/${endpoint.id}/test`, { key })).data).toEqual({
      secretOf: "tenant",
    });
  });
});
