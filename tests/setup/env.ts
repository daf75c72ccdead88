import { inject } from "vitest";

// Runs in each test worker before its tests: point the domain at the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.TEST_SERVER_URL = inject("serverUrl");
process.env.APP_ENCRYPTION_KEY = inject("encryptionKey");
// Every log line of the run goes to one file, searched for secrets at the end (database.ts).
process.env.LOG_FILE = inject("logFile");
process.env.LOG_FORMAT = "json";
