import type { TestProject } from "vitest/node";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { createTestDatabase } from "../support/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    encryptionKey: string;
  }
}

/** Vitest global setup: one fresh, migrated database for the integration run, dropped after. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("databaseUrl", database.url);
  project.provide("serverUrl", database.serverUrl);
  project.provide("encryptionKey", generateEncryptionKey());
  return () => database.drop();
}
