// USE-CASES story 2, voice-call results: HMAC-SHA256 (hex) of the raw body; the call id at
// message.call.id is the subject, so the status updates and the end-of-call report of one
// call form one Subject's timeline, in order. A wrong signature is refused and stores nothing.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import {
  newSource,
  postWebhook,
  randomSuffix,
  storedFor,
  webhookServerForTheseTests,
} from "../support/inbound-kit";

const SECRET = "voice-provider-secret";
const SIGNATURE_HEADER = "x-call-signature";

const inbound = webhookServerForTheseTests("voice");

const voiceSource = () =>
  newSource(inbound.tenantId, "voice-calls", {
    name: "Voice AI calls",
    verification: {
      scheme: "hmac_sha256",
      header: SIGNATURE_HEADER,
      encoding: "hex",
      secret: SECRET,
    },
    eventType: { from: "path", path: "message.type" },
    subject: { from: "path", path: "message.call.id" },
  });

const sign = (raw: string, secret = SECRET) => ({
  [SIGNATURE_HEADER]: createHmac("sha256", secret).update(raw).digest("hex"),
});

const statusUpdate = (callId: string, status: string, phone = "+4915112345678") => ({
  message: {
    type: "status-update",
    status,
    timestamp: Date.now(),
    call: { id: callId, customer: { number: phone } },
  },
});

const endOfCallReport = (callId: string) => ({
  message: {
    type: "end-of-call-report",
    endedReason: "customer-ended-call",
    call: { id: callId, customer: { number: "+4915112345678" } },
    artifact: { transcript: "AI: Hello!\nUser: Hi, I'd like to book an appointment." },
    analysis: {
      summary: "Appointment booked",
      structuredData: { booked: true, slot: "Tue 10:00" },
    },
  },
});

async function postSigned(slug: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  const reply = await postWebhook(inbound.url, slug, raw, sign(raw));
  expect(reply.status, reply.text).toBe(202);
  expect(reply.body.accepted).toBe(1);
  return reply.body.events?.[0]?.id ?? "";
}

describe("voice-call results (story 2)", () => {
  it("links every event of one call to one subject, in order", async () => {
    const source = await voiceSource();
    const callId = `call-${randomSuffix()}`;
    const otherCallId = `call-${randomSuffix()}`;
    const sent: { id: string; type: string; status?: string }[] = [];
    for (const status of ["queued", "ringing", "in-progress", "ended"]) {
      sent.push({
        id: await postSigned(source.slug, statusUpdate(callId, status)),
        type: "status-update",
        status,
      });
      // Another call interleaved: it must not join this call's timeline.
      if (status === "ringing") await postSigned(source.slug, statusUpdate(otherCallId, "queued"));
    }
    sent.push({
      id: await postSigned(source.slug, endOfCallReport(callId)),
      type: "end-of-call-report",
    });

    const subjects = await db.subject.findMany({
      where: { tenantId: inbound.tenantId, key: { in: [callId, otherCallId] } },
      include: { events: { orderBy: [{ receivedAt: "asc" }, { batchIndex: "asc" }] } },
    });
    expect(subjects.map((subject) => subject.key).sort()).toEqual([callId, otherCallId].sort());
    const call = subjects.find((subject) => subject.key === callId);
    expect(call?.sourceId).toBe(source.id);
    const timeline = call?.events ?? [];
    expect(timeline.map((event) => event.id)).toEqual(sent.map((event) => event.id));
    expect(timeline.map((event) => event.type)).toEqual([
      "status-update",
      "status-update",
      "status-update",
      "status-update",
      "end-of-call-report",
    ]);
    expect(
      timeline.map((event) => (event.payload as { message: { status?: string } }).message.status),
    ).toEqual(["queued", "ringing", "in-progress", "ended", undefined]);
    for (const event of timeline) expect(event.subjectId).toBe(call?.id);
    expect(call?.lastEventAt.getTime()).toBeGreaterThanOrEqual(
      timeline.at(-1)?.receivedAt.getTime() ?? Infinity,
    );

    const report = timeline.at(-1)?.payload as ReturnType<typeof endOfCallReport>;
    expect(report.message.analysis.structuredData).toEqual({ booked: true, slot: "Tue 10:00" });
    const other = subjects.find((subject) => subject.key === otherCallId);
    expect(other?.events).toHaveLength(1);
  });

  it("refuses a wrong or missing signature with 401 and stores nothing", async () => {
    const source = await voiceSource();
    const raw = JSON.stringify(statusUpdate(`call-${randomSuffix()}`, "queued"));
    const cases = [
      sign(raw, "not-the-secret"),
      sign(`${raw} `),
      { [SIGNATURE_HEADER]: `sha256=${sign(raw)[SIGNATURE_HEADER]}` },
      { [SIGNATURE_HEADER]: createHmac("sha256", SECRET).update(raw).digest("base64") },
      {},
    ];
    for (const headers of cases) {
      const reply = await postWebhook(inbound.url, source.slug, raw, headers);
      expect(reply.status, reply.text).toBe(401);
      expect(reply.body).toEqual({
        error: { code: "signature_invalid", message: expect.any(String) },
      });
    }
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 0 });
    expect(await db.subject.count({ where: { sourceId: source.id } })).toBe(0);

    // The signature is over the exact raw bytes: the same JSON re-serialised differently fails.
    const spaced = JSON.stringify(JSON.parse(raw), null, 2);
    const reformatted = await postWebhook(inbound.url, source.slug, spaced, sign(raw));
    expect(reformatted.status).toBe(401);
    const right = await postWebhook(inbound.url, source.slug, spaced, sign(spaced));
    expect(right.status, right.text).toBe(202);
  });

  it("rejects an event without a call id with a reason (400), keeping the raw payload for debugging", async () => {
    const source = await voiceSource();
    const raw = JSON.stringify({ message: { type: "status-update", status: "queued", call: {} } });
    const reply = await postWebhook(inbound.url, source.slug, raw, sign(raw));
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body).toMatchObject({
      accepted: 0,
      rejected: 1,
      events: [{ id: null, status: "rejected", error: expect.stringMatching(/subject/i) }],
      error: { code: "all_rejected" },
    });
    expect(await storedFor(source.id)).toEqual({ events: 0, requests: 1 });
    const request = await db.inboundRequest.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(Buffer.from(request.rawBody).toString("utf8")).toBe(raw);
  });
});
