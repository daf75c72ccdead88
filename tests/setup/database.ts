import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { generateEncryptionKey } from "@/lib/crypto/secret-box";
import { secretsInLog } from "../support/logged-secrets";
import { openTempDir } from "../support/temp-dir";
import { createTestDatabase } from "../support/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    encryptionKey: string;
    logFile: string;
  }
}

/**
 * Vitest global setup: one fresh, migrated database for the integration run, dropped after.
 * Every log line of the run (workers and the apps they start) goes to one JSON file, which
 * is searched at the end for every secret the database holds: none may have been logged.
 */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const encryptionKey = generateEncryptionKey();
  const logFile = join(openTempDir("switchyard-test-log-"), "run.log");
  writeFileSync(logFile, "");
  process.env.LOG_FILE = logFile;
  process.env.LOG_FORMAT = "json";
  project.provide("databaseUrl", database.url);
  project.provide("serverUrl", database.serverUrl);
  project.provide("encryptionKey", encryptionKey);
  project.provide("logFile", logFile);
  return async () => {
    try {
      const { checked, found } = await secretsInLog(logFile, database.url, encryptionKey);
      console.log(`Secrets looked for in the run's log (${logFile}): ${checked}`);
      if (found.length > 0) {
        // A teardown's error is only printed: the exit code is what fails the run.
        process.exitCode = 1;
        throw new Error(`${found.length} secret(s) were logged, e.g. ${found[0]?.slice(0, 4)}…`);
      }
    } finally {
      await database.drop();
    }
  };
}
