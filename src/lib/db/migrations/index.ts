// Offline Prisma Migrate: the WASM schema engine driven through pg, on prisma/migrations.
// Callers' processes can exit when done (every pool is closed; the engine's one timer is unref'd).
export { type ApplyOptions, applyMigrations } from "./apply";
export { createMigration } from "./create";
export { type DiagnoseOptions, diagnoseMigrations, type MigrationDiagnosis } from "./diagnose";
export { type DiffOptions, diffSchemaAgainstMigrations } from "./diff";
export { MigrationEngineError } from "./migration-engine-error";
export { SHADOW_PREFIX } from "./shadow-database";
