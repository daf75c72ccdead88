import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  generateEncryptionKey,
  parseEncryptionKey,
} from "./secret-box";

describe("secret box", () => {
  const key = parseEncryptionKey(generateEncryptionKey());

  it("round-trips and never repeats a ciphertext", () => {
    const a = encryptSecret("whsec_abc", key);
    const b = encryptSecret("whsec_abc", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(decryptSecret(a, key)).toBe("whsec_abc");
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const sealed = encryptSecret("s3cret", key);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("t4mper").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, parseEncryptionKey(generateEncryptionKey()))).toThrow();
  });

  it("accepts hex and base64 keys of 32 bytes only", () => {
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString("base64"))).toHaveLength(32);
    expect(() => parseEncryptionKey("short")).toThrow(/32 bytes/);
  });
});
