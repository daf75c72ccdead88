import type { IncomingMessage } from "node:http";
import { DomainError } from "@/domain/errors";

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
