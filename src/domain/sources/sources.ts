import { db } from "@/domain/db";
import { DomainError } from "@/domain/errors";
import { isUniqueViolation } from "@/domain/prisma-errors";
import { sealSecret } from "@/domain/secrets";
import { newId } from "@/lib/ids";
import { type CreateSourceInput, createSourceInput } from "./schemas";

/** Creates a source; its ingest path is /api/webhooks/{slug}. */
export async function createSource(input: CreateSourceInput) {
  const { verification, ...data } = createSourceInput.parse(input);
  const { secret, ...scheme } = verification;
  try {
    return await db.source.create({
      data: {
        id: newId("source"),
        ...data,
        verification: scheme,
        secretCiphertext: secret ? sealSecret(secret) : null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A source with slug "${data.slug}" already exists`);
    }
    throw error;
  }
}

export function ingestPath(slug: string): string {
  return `/api/webhooks/${slug}`;
}
