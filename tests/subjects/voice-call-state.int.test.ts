// USE-CASES story 2 with a tracking rule: a call's status updates move its state to `ended`,
// the end-of-call report (no status) fills the result, a late status changes nothing and is
// never fanned out, the phone number is a searchable field, and a long-poll answers as soon
// as the call ends.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { api, type Body, ok, serveApiForTheseTests, serverUrl } from "../api/rest-kit";
import { newSource, newTenant, postWebhook, randomSuffix } from "../support/inbound-kit";

serveApiForTheseTests();

const SECRET = "voice-provider-secret";
const tracking = {
  status: "message.status",
  terminal: ["ended"],
  result: "message.analysis",
  error: "message.error",
  fields: { phone: "message.call.customer.number" },
};

async function voiceSource() {
  const tenant = await newTenant("voice-state");
  const source = await newSource(tenant.id, "voice-state", {
    verification: {
      scheme: "hmac_sha256",
      header: "x-call-signature",
      encoding: "hex",
      secret: SECRET,
    },
    eventType: { from: "path", path: "message.type" },
    subject: { from: "path", path: "message.call.id" },
    tracking,
  });
  return { tenant, source };
}

let sequence = 0;
const statusUpdate = (callId: string, status: string, phone: string) => ({
  message: {
    type: "status-update",
    status,
    timestamp: Date.now() + sequence++,
    call: { id: callId, customer: { number: phone } },
  },
});
const report = (callId: string, phone: string) => ({
  message: {
    type: "end-of-call-report",
    call: { id: callId, customer: { number: phone } },
    analysis: { summary: "Appointment booked", structuredData: { booked: true } },
  },
});

async function post(slug: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  const signature = createHmac("sha256", SECRET).update(raw).digest("hex");
  const reply = await postWebhook(serverUrl(), slug, raw, { "x-call-signature": signature });
  expect(reply.status, reply.text).toBe(202);
  return reply.body;
}

describe("a voice call's state (story 2)", () => {
  it("ends at `ended`, its report fills the result, and a late status changes nothing", async () => {
    const { source } = await voiceSource();
    const callId = `call-${randomSuffix()}`;
    const phone = `+49151${randomSuffix()}`;
    for (const status of ["queued", "ringing", "in-progress"])
      await post(source.slug, statusUpdate(callId, status, phone));
    const midCall = ok(await api("GET", `/subjects/${callId}?sourceId=${source.id}`));
    expect(midCall).toMatchObject({ status: "in-progress", terminal: false, updatedBy: "webhook" });

    await post(source.slug, statusUpdate(callId, "ended", phone));
    await post(source.slug, report(callId, phone));
    // A straggler after the end: acknowledged and kept, but the call stays ended.
    const late = await post(source.slug, statusUpdate(callId, "ringing", phone));
    expect(late).toMatchObject({ accepted: 1, duplicates: 0 });

    const call = ok(await api("GET", `/subjects/${callId}?sourceId=${source.id}`));
    expect(call).toMatchObject({
      key: callId,
      sourceId: source.id,
      status: "ended",
      terminal: true,
      updatedBy: "webhook",
      result: { summary: "Appointment booked", structuredData: { booked: true } },
      error: null,
      fields: { phone },
    });
    expect(
      call.timeline.map((entry: Body) => [entry.type, entry.subjectStatus, entry.ignored]),
    ).toEqual([
      ["status-update", "queued", false],
      ["status-update", "ringing", false],
      ["status-update", "in-progress", false],
      ["status-update", "ended", false],
      ["end-of-call-report", null, false],
      ["status-update", "ringing", true],
    ]);
    expect(call.timeline.every((entry: Body) => entry.origin === "inbound")).toBe(true);
    // The ignored event is finished as it is: nothing hands it to fan-out.
    const ignored = await db.event.findUniqueOrThrow({ where: { id: late.events?.[0]?.id ?? "" } });
    expect(ignored).toMatchObject({ status: "completed", ignored: true });
    expect(await db.delivery.count({ where: { eventId: ignored.id } })).toBe(0);

    const byPhone = ok(await api("GET", `/subjects?field.phone=${encodeURIComponent(phone)}`));
    expect(byPhone.items.map((item: Body) => item.key)).toEqual([callId]);
    const ended = ok(
      await api("GET", `/subjects?sourceId=${source.id}&terminal=true&status=ended`),
    );
    expect(ended.items.map((item: Body) => item.key)).toEqual([callId]);
    const open = ok(await api("GET", `/subjects?sourceId=${source.id}&terminal=false`));
    expect(open.items).toEqual([]);
  });

  it("a long-poll answers within a second of the event that ends the call", async () => {
    const { source } = await voiceSource();
    const callId = `call-${randomSuffix()}`;
    const phone = `+49151${randomSuffix()}`;
    await post(source.slug, statusUpdate(callId, "in-progress", phone));

    const started = Date.now();
    const waiting = api(
      "GET",
      `/subjects/${callId}?sourceId=${source.id}&wait=terminal&timeout=20`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const endedAt = Date.now();
    await post(source.slug, statusUpdate(callId, "ended", phone));
    const answer = ok(await waiting);
    const answeredAt = Date.now();
    expect(answer).toMatchObject({ status: "ended", terminal: true });
    expect(answeredAt - endedAt).toBeLessThan(1_000);
    expect(endedAt - started).toBeGreaterThanOrEqual(1_500);
  });

  it("a long-poll on a silent call answers at its timeout with the current state", async () => {
    const { source } = await voiceSource();
    const callId = `call-${randomSuffix()}`;
    await post(source.slug, statusUpdate(callId, "ringing", "+1"));
    const started = Date.now();
    const answer = ok(
      await api("GET", `/subjects/${callId}?sourceId=${source.id}&wait=terminal&timeout=1`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(answer).toMatchObject({ status: "ringing", terminal: false });
    const tooLong = await api(
      "GET",
      `/subjects/${callId}?sourceId=${source.id}&wait=terminal&timeout=61`,
    );
    expect(tooLong.status).toBe(400);
  });
});
