import { describe, expect, it } from "vitest";
import { inboundRequestView, SHOWN_BODY_BYTES } from "./inbound-request";

const view = (rawBody: Buffer) =>
  inboundRequestView({
    contentType: "application/json",
    headers: { "x-token": "[redacted]" },
    rawBody,
    receivedAt: new Date(0),
  });

describe("inboundRequestView", () => {
  it("shows a UTF-8 body as text, with its size", () => {
    const shown = view(Buffer.from('{"city":"Zürich"}'));
    expect(shown).toMatchObject({ body: '{"city":"Zürich"}', bodyEncoding: "utf8", bodyBytes: 18 });
    expect(shown.bodyTruncated).toBe(false);
    expect(shown.headers).toEqual({ "x-token": "[redacted]" });
  });

  it("shows bytes that are not text as base64", () => {
    const shown = view(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    expect(shown).toMatchObject({ body: "//4AAQ==", bodyEncoding: "base64" });
  });

  it("cuts a long body, and a character cut in two is left out rather than turning it base64", () => {
    const body = Buffer.concat([Buffer.alloc(SHOWN_BODY_BYTES - 1, "a"), Buffer.from("ü tail")]);
    const shown = view(body);
    expect(shown.bodyTruncated).toBe(true);
    expect(shown.bodyEncoding).toBe("utf8");
    expect(shown.body).toBe("a".repeat(SHOWN_BODY_BYTES - 1));
  });
});
