import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/crypto/webhook-secret";
import { buildDeliveryRequest } from "./build-request";

const message = {
  id: "evt_01",
  type: "claim.opened",
  timestamp: new Date("2026-11-23T10:00:00Z"),
  data: { claim: 42 },
};

describe("buildDeliveryRequest", () => {
  it("signs so that the library's verifier accepts it, with the PRODUCT.md body", () => {
    const secret = generateWebhookSecret();
    const { body, headers } = buildDeliveryRequest(message, [secret], { "x-team": "claims" });
    expect(JSON.parse(body)).toEqual({
      type: "claim.opened",
      timestamp: "2026-11-23T10:00:00.000Z",
      data: { claim: 42 },
    });
    expect(headers).toMatchObject({
      "webhook-id": "evt_01",
      "content-type": "application/json",
      "x-team": "claims",
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("carries enrichment beside the data, and two signatures during a rotation", () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const { body, headers } = buildDeliveryRequest(
      { ...message, enrichment: { score: 7 } },
      [newSecret, oldSecret],
      {},
    );
    expect(JSON.parse(body).enrichment).toEqual({ score: 7 });
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
  });
});
