import type { IncomingMessage } from "node:http";
import { DomainError } from "@/domain/errors";

/** API bodies (REST, tRPC, auth) are JSON that people and programs write: 1 MiB is plenty. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

/**
 * Why a body that another reader (Next, Better Auth) takes whole must be refused unread: it
 * announces more than `limit` bytes, or no size at all (chunked). Null when it may pass.
 */
export function unboundedBody(req: IncomingMessage, limit: number): DomainError | null {
  const declared = req.headers["content-length"];
  if (declared !== undefined) return Number(declared) > limit ? tooLarge(limit) : null;
  if (!req.headers["transfer-encoding"]) return null;
  return new DomainError("length_required", "Send the body with a Content-Length header");
}

/** Reads the body, refusing (413) as soon as it would pass `limit` bytes: never buffers more. */
export function readBodyWithLimit(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

function tooLarge(limit: number) {
  return new DomainError(
    "payload_too_large",
    `The body is larger than the limit of ${limit} bytes`,
  );
}
