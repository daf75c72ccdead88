import { sqlPool } from "@/domain/db";
import { decryptSecret, encryptSecret, keyId, parseKeyring } from "@/lib/crypto/secret-box";

// Secrets at rest are sealed with APP_ENCRYPTION_KEY (start-up provides one when unset). It may
// list several keys, newest first: new secrets use the first, the others still open old ones.
function keyring() {
  const text = process.env.APP_ENCRYPTION_KEY;
  if (!text) throw new Error("APP_ENCRYPTION_KEY is not set: secrets cannot be stored");
  return parseKeyring(text);
}

/** How long a rotated secret (an endpoint's or a source's) still works beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export const sealSecret = (plaintext: string) => encryptSecret(plaintext, keyring().current);
export const openSecret = (ciphertext: string) => decryptSecret(ciphertext, keyring().all);

/**
 * A rotation, for an endpoint's or a source's row: the columns that make `secret` current
 * while the one it replaces (if any) keeps working until `previousValidUntil`.
 */
export function rotatedSecret(secret: string, current: string | null, now = Date.now()) {
  const previousValidUntil = new Date(now + ROTATION_OVERLAP_MS);
  return {
    columns: {
      secretCiphertext: sealSecret(secret),
      previousSecretCiphertext: current,
      previousSecretExpiresAt: current ? previousValidUntil : null,
    },
    previousValidUntil,
  };
}

/** The secret a rotation replaced, opened, while its overlap lasts; null otherwise. */
export function openPreviousSecret(
  row: { previousSecretCiphertext: string | null; previousSecretExpiresAt: Date | null },
  now = new Date(),
): string | null {
  return row.previousSecretCiphertext &&
    row.previousSecretExpiresAt &&
    row.previousSecretExpiresAt > now
    ? openSecret(row.previousSecretCiphertext)
    : null;
}

/**
 * Opens one stored secret of each key that sealed any (and one sealed before key ids), so that
 * a changed or missing key stops the start with a clear message instead of failing each
 * webhook and delivery later.
 */
export async function assertStoredSecretsOpen(): Promise<void> {
  const { rows } = await sqlPool().query<{ sealed: string }>(
    `SELECT DISTINCT ON (CASE WHEN sealed LIKE 'v2.%' THEN split_part(sealed, '.', 2) ELSE 'v1' END) sealed
     FROM (SELECT "secretCiphertext" AS sealed FROM "Endpoint"
           UNION ALL SELECT "secretCiphertext" FROM "Source" WHERE "secretCiphertext" IS NOT NULL) s`,
  );
  const ring = keyring();
  for (const { sealed } of rows) {
    try {
      decryptSecret(sealed, ring.all);
    } catch (error) {
      throw new Error(
        `Stored secrets cannot be opened with APP_ENCRYPTION_KEY (keys ${ring.all.map(keyId).join(", ")}): ${(error as Error).message}. If the key was changed, list the old one after the new: APP_ENCRYPTION_KEY=<new>,<old>.`,
      );
    }
  }
}
