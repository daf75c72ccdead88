import { readFileSync } from "node:fs";
import pg from "pg";
import { decryptSecret, isSealed, parseKeyring } from "@/lib/crypto/secret-box";

/**
 * Every secret the run's database holds sealed (sources' and endpoints' secrets, custom and
 * poll headers), opened, and the ones of them that appear in `logFile`. The run's own keys
 * are looked for too.
 */
export async function secretsInLog(
  logFile: string,
  databaseUrl: string,
  encryptionKey: string,
): Promise<{ checked: number; found: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let sealed: string[];
  try {
    const { rows } = await client.query<{ value: string }>(`
      SELECT "secretCiphertext" AS value FROM "Endpoint"
      UNION ALL SELECT "previousSecretCiphertext" FROM "Endpoint" WHERE "previousSecretCiphertext" IS NOT NULL
      UNION ALL SELECT "secretCiphertext" FROM "Source" WHERE "secretCiphertext" IS NOT NULL
      UNION ALL SELECT value FROM "Endpoint", jsonb_each_text(headers)
      UNION ALL SELECT value FROM "Source", jsonb_each_text(coalesce(tracking #> '{poll,headers}', '{}'))`);
    sealed = rows.map((row) => row.value).filter(isSealed);
  } finally {
    await client.end();
  }
  const keys = parseKeyring(encryptionKey).all;
  const secrets = new Set<string>([encryptionKey]);
  for (const value of sealed) {
    try {
      secrets.add(decryptSecret(value, keys));
    } catch {
      // Sealed by a test with a key of its own (rotation tests): not this run's to open.
    }
  }
  const log = readFileSync(logFile, "utf8");
  // Very short values (a test's "x") would match by chance: only those a leak could be told by.
  const found = [...secrets].filter((secret) => secret.length >= 8 && log.includes(secret));
  return { checked: secrets.size, found };
}
