import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// AES-256-GCM: authenticated, so a tampered ciphertext fails instead of decrypting to junk.
// v2 names the key that sealed it (its id), so a keyring can hold old keys for reading;
// v1 (before key ids) is tried with each key.
const VERSION = "v2";

/** The keys of APP_ENCRYPTION_KEY: the first seals, every one opens (rotation). */
export interface Keyring {
  current: Buffer;
  all: Buffer[];
}

/** Reads a 32-byte key given as 64 hex characters or as base64. */
export function parseEncryptionKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) {
    throw new Error(
      "APP_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters",
    );
  }
  return key;
}

/** `new,old,...`: comma-separated keys, newest first. */
export function parseKeyring(text: string): Keyring {
  const all = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseEncryptionKey);
  const [current] = all;
  if (!current) throw new Error("APP_ENCRYPTION_KEY holds no key");
  return { current, all };
}

/** A key's public name: 8 hex characters of its SHA-256 (says which key, reveals nothing). */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString("hex");
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyId(key), iv, cipher.getAuthTag(), data].map(encode).join(".");
}

/** Opens with the key the ciphertext names (v2), or with whichever key fits (v1). */
export function decryptSecret(ciphertext: string, keys: Buffer | Buffer[]): string {
  const ring = Array.isArray(keys) ? keys : [keys];
  const parts = ciphertext.split(".");
  if (parts[0] === "v2" && parts.length === 5) {
    const [, id, iv, tag, data] = parts as [string, string, string, string, string];
    const key = ring.find((candidate) => keyId(candidate) === id);
    if (!key) throw new Error(`Sealed with key ${id}, which APP_ENCRYPTION_KEY does not hold`);
    return open(key, iv, tag, data);
  }
  if (parts[0] === "v1" && parts.length === 4) {
    const [, iv, tag, data] = parts as [string, string, string, string];
    for (const key of ring) {
      try {
        return open(key, iv, tag, data);
      } catch {}
    }
    throw new Error("No key of APP_ENCRYPTION_KEY opens this secret");
  }
  throw new Error("Unrecognised secret ciphertext");
}

/** Whether `text` has the shape of a sealed secret (v1 or v2), not of a plain value. */
export function isSealed(text: string): boolean {
  return /^(v1(\.[\w-]+){2}\.[\w-]*|v2\.[0-9a-f]{8}(\.[\w-]+){2}\.[\w-]*)$/.test(text);
}

function open(key: Buffer, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(data, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

function encode(part: string | Buffer): string {
  return typeof part === "string" ? part : part.toString("base64url");
}
