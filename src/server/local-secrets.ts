import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";

interface LocalSecrets {
  encryptionKey: string;
  adminApiKey: string;
}

/**
 * Keys for a setup that configured none: created once and kept in `file` (mode 600) so a
 * restart can still read the secrets it sealed. Production sets APP_ENCRYPTION_KEY and
 * ADMIN_API_KEY itself, the same on every instance.
 */
export function loadLocalSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets: LocalSecrets = {
    encryptionKey: generateEncryptionKey(),
    adminApiKey: `sy_admin_${randomBytes(24).toString("base64url")}`,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
