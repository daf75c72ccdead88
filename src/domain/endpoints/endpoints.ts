import { db } from "@/domain/db";
import { sealSecret } from "@/domain/secrets";
import { generateWebhookSecret } from "@/lib/crypto/webhook-secret";
import { newId } from "@/lib/ids";
import { type CreateEndpointInput, createEndpointInput } from "./schemas";

/** Creates an endpoint; the whsec_ secret is returned here and by no other response. */
export async function createEndpoint(input: CreateEndpointInput) {
  const data = createEndpointInput.parse(input);
  const secret = generateWebhookSecret();
  const endpoint = await db.endpoint.create({
    data: { id: newId("endpoint"), ...data, secretCiphertext: sealSecret(secret) },
  });
  const { secretCiphertext: _sealed, previousSecretCiphertext: _old, ...visible } = endpoint;
  return { ...visible, secret };
}
