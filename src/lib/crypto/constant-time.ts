import { createHash, timingSafeEqual } from "node:crypto";

/** Compares two strings in constant time, whatever their lengths (hashing first hides them). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
