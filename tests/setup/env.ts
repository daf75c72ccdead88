import { inject } from "vitest";

// Runs in each test worker before its tests: point the domain at the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.TEST_SERVER_URL = inject("serverUrl");
process.env.APP_ENCRYPTION_KEY = inject("encryptionKey");
