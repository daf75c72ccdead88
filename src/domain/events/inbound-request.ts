/** What the console shows of a request's body: enough to debug, never megabytes. */
export const SHOWN_BODY_BYTES = 64 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The inbound request that carried an event, as stored: headers already redacted at ingest
 * (src/domain/ingest/redact-headers.ts), the body as text when it is UTF-8, else base64.
 */
export function inboundRequestView(request: {
  contentType: string;
  headers: unknown;
  rawBody: Uint8Array;
  receivedAt: Date;
}) {
  const truncated = request.rawBody.byteLength > SHOWN_BODY_BYTES;
  return {
    contentType: request.contentType,
    receivedAt: request.receivedAt,
    headers: (request.headers ?? {}) as Record<string, string>,
    bodyBytes: request.rawBody.byteLength,
    bodyTruncated: truncated,
    ...decodeBody(request.rawBody.subarray(0, SHOWN_BODY_BYTES), truncated),
  };
}

function decodeBody(
  bytes: Uint8Array,
  truncated: boolean,
): { body: string; bodyEncoding: "utf8" | "base64" } {
  // A cut body may end inside a character: drop at most its first three bytes.
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      return { body: utf8.decode(bytes.subarray(0, bytes.byteLength - cut)), bodyEncoding: "utf8" };
    } catch {
      // Not text this way: try a shorter cut, then base64.
    }
  }
  return { body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" };
}
