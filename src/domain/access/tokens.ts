import { createHash, randomBytes } from "node:crypto";

/** A one-time token for a link: 256 random bits; only its hash is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

// SHA-256 is enough: the token has 256 random bits, so there is nothing to guess.
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
