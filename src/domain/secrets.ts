import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/lib/crypto/secret-box";

// Secrets at rest are sealed with APP_ENCRYPTION_KEY (start-up provides one when unset).
function key(): Buffer {
  const text = process.env.APP_ENCRYPTION_KEY;
  if (!text) throw new Error("APP_ENCRYPTION_KEY is not set: secrets cannot be stored");
  return parseEncryptionKey(text);
}

export const sealSecret = (plaintext: string) => encryptSecret(plaintext, key());
export const openSecret = (ciphertext: string) => decryptSecret(ciphertext, key());
