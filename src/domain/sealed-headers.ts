import { sqlPool } from "@/domain/db";
import { openSecret, sealSecret } from "@/domain/secrets";
import { isSealed } from "@/lib/crypto/secret-box";

/**
 * Custom headers carry credentials (`authorization: Bearer ...`): each value is sealed at rest,
 * and reads show this in its place. An update that sends the mask back keeps the stored value.
 */
export const MASKED_HEADER_VALUE = "********";

/** Headers as stored: each value sealed; a masked one keeps what `stored` holds (or is dropped). */
export function sealHeaders(
  given: Record<string, string>,
  stored: Record<string, string> = {},
): Record<string, string> {
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value !== MASKED_HEADER_VALUE) sealed[name] = sealSecret(value);
    else if (stored[name] !== undefined) sealed[name] = stored[name];
  }
  return sealed;
}

/** Headers as reads and attempt logs show them: names, values masked. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED_HEADER_VALUE]));
}

/** Headers as a request sends them, opened. */
export function openHeaders(sealed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sealed).map(([name, value]) => [name, openSecret(value)]),
  );
}

/**
 * Endpoints whose custom headers were stored in plain text (before they were sealed): sealed
 * now, at start. Returns how many endpoints changed.
 */
export async function sealPlainEndpointHeaders(): Promise<number> {
  const { rows } = await sqlPool().query<{ id: string; headers: Record<string, string> }>(
    `SELECT id, headers FROM "Endpoint" WHERE headers <> '{}'::jsonb`,
  );
  let changed = 0;
  for (const { id, headers } of rows) {
    if (Object.values(headers).every(isSealed)) continue;
    const sealed = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        isSealed(value) ? value : sealSecret(value),
      ]),
    );
    await sqlPool().query(`UPDATE "Endpoint" SET headers = $2 WHERE id = $1`, [id, sealed]);
    changed++;
  }
  return changed;
}
