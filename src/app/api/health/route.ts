import { databaseIsUp } from "@/domain/health";
import { env, runnerMode } from "@/server/env";

export const dynamic = "force-dynamic";

/** PRODUCT.md: {"status":"ok","db":"ok","runner":"embedded"|"inngest"}; 503 when the db is down. */
export async function GET() {
  const dbUp = await databaseIsUp();
  return Response.json(
    { status: dbUp ? "ok" : "degraded", db: dbUp ? "ok" : "error", runner: runnerMode(env()) },
    { status: dbUp ? 200 : 503 },
  );
}
