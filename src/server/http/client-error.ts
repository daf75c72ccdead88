import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** What Node's parser refuses before any handler runs, as PRODUCT.md's error shape. */
const refusals: Record<string, [status: number, code: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, "headers_too_large", "The request headers exceed 16 KiB"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "payload_too_large", "Chunk extensions are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request_timeout", "The request took too long to arrive"],
};
const malformed: [number, string, string] = [400, "bad_request", "Malformed HTTP request"];

/**
 * The server's `clientError` listener: as Node's own (answer only if nothing was written yet,
 * then close), but with a JSON body, so a client never gets an empty 4xx.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's default: a response already under way on this socket must not be corrupted.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent || error.code === "ECONNRESET")
    return void socket.destroy();
  const [status, code, message] = refusals[error.code ?? ""] ?? malformed;
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    // Closed once written, not half-closed: a client still sending must not hold the socket.
    () => socket.destroy(),
  );
}
