import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  generateEncryptionKey,
  keyId,
  parseEncryptionKey,
  parseKeyring,
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
    parts[4] = Buffer.from("t4mper").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, parseEncryptionKey(generateEncryptionKey()))).toThrow();
  });

  it("accepts hex and base64 keys of 32 bytes only", () => {
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString("base64"))).toHaveLength(32);
    expect(() => parseEncryptionKey("short")).toThrow(/32 bytes/);
  });

  it("rotates: the first key of the list seals, every key opens what it sealed", () => {
    const [oldText, newText] = [generateEncryptionKey(), generateEncryptionKey()];
    const before = parseKeyring(oldText);
    const sealedBefore = encryptSecret("old secret", before.current);
    const after = parseKeyring(`${newText}, ${oldText}`);
    const sealedAfter = encryptSecret("new secret", after.current);
    // The ciphertext names its key by id: the new key's, not the old one's.
    expect(sealedAfter.split(".")[1]).toBe(keyId(parseEncryptionKey(newText)));
    expect(decryptSecret(sealedBefore, after.all)).toBe("old secret");
    expect(decryptSecret(sealedAfter, after.all)).toBe("new secret");
    // Drop the old key too early and its secrets say which key they need.
    expect(() => decryptSecret(sealedBefore, parseKeyring(newText).all)).toThrow(
      new RegExp(`key ${keyId(parseEncryptionKey(oldText))}`),
    );
  });

  it("still opens secrets sealed before key ids (v1), with whichever key fits", () => {
    const [a, b] = [generateEncryptionKey(), generateEncryptionKey()].map(parseEncryptionKey);
    const v2 = encryptSecret("legacy", b as Buffer).split(".");
    const v1 = ["v1", v2[2], v2[3], v2[4]].join(".");
    expect(decryptSecret(v1, [a as Buffer, b as Buffer])).toBe("legacy");
    expect(() => decryptSecret(v1, [a as Buffer])).toThrow(/No key/);
  });

  it("refuses an empty keyring", () => {
    expect(() => parseKeyring(" , ")).toThrow(/no key/);
  });
});
