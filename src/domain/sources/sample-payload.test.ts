import { describe, expect, it } from "vitest";
import { type SampleSource, sampleRequest } from "./sample-payload";

const plain: SampleSource = {
  verification: { scheme: "none", hasSecret: false },
  idempotency: { from: "body" },
  eventType: { fixed: "webhook.received" },
  subject: null,
  required: [],
  timestamps: [],
  batch: false,
};
const values = { id: "smp_1", now: "2026-11-29T10:00:00Z" };

describe("sampleRequest", () => {
  it("is an order by default, as JSON, with no extra header", () => {
    const sample = sampleRequest(plain, values);
    expect(JSON.parse(sample.body)).toMatchObject({
      type: "order.created",
      id: "smp_1",
      created_at: values.now,
      data: { order_id: "ord_smp_1", total: 4200 },
    });
    expect(sample.headers).toEqual({ "content-type": "application/json" });
    expect(sample.urlSubject).toBeNull();
  });

  it("fills every path the source reads, keeping what the sample already has", () => {
    const sample = sampleRequest(
      {
        ...plain,
        idempotency: { from: "paths", paths: ["lead_id", "id"] },
        eventType: { from: "path", path: "message.type" },
        subject: { from: "path", path: "message.call.id" },
        required: ["lead_id", "customer.tier", "data.total"],
        timestamps: ["updated_at", "created_at"],
      },
      values,
    );
    expect(JSON.parse(sample.body)).toMatchObject({
      id: "smp_1",
      lead_id: "smp_1",
      message: { type: "order.created", call: { id: "ord_smp_1" } },
      customer: { tier: "sample" },
      data: { total: 4200 },
      updated_at: values.now,
      created_at: values.now,
    });
  });

  it("gives a tracked source's subject a status and a progress", () => {
    const sample = sampleRequest(
      {
        ...plain,
        tracking: {
          status: "job.state",
          terminal: ["done"],
          progress: "job.percent",
          fields: {},
        },
      },
      values,
    );
    expect(JSON.parse(sample.body)).toMatchObject({
      job: { state: "processing", percent: 50 },
    });
  });

  it("replaces a scalar in the way of a path, and makes the timestamps ISO-8601", () => {
    const sample = sampleRequest({ ...plain, timestamps: ["type.at"] }, values);
    expect(JSON.parse(sample.body).type).toEqual({ at: values.now });
  });

  it("puts header-read values in headers and a URL subject in the path", () => {
    const sample = sampleRequest(
      {
        ...plain,
        idempotency: { from: "header", header: "webhook-id" },
        eventType: { from: "header", header: "x-event-type" },
        subject: { from: "url" },
      },
      values,
    );
    expect(sample.headers).toMatchObject({
      "webhook-id": "smp_1",
      "x-event-type": "order.created",
    });
    expect(sample.urlSubject).toBe("ord_smp_1");
  });

  it("looks like a Stripe event for a Stripe source", () => {
    const sample = sampleRequest(
      { ...plain, verification: { scheme: "stripe", hasSecret: true } },
      values,
    );
    expect(JSON.parse(sample.body)).toMatchObject({
      id: "evt_smp_1",
      object: "event",
      type: "payment_intent.succeeded",
    });
  });
});
