import { z } from "zod";
import { listAuditLog } from "@/domain/audit/audit-log";
import { auditEntryOut, listAuditLogInput } from "@/domain/audit/schemas";
import { router, signedInProcedure } from "../init";

export const auditRouter = router({
  /** Who changed what, newest first; a tenant's people see their tenant's entries. */
  list: signedInProcedure
    .meta({ openapi: { method: "GET", path: "/audit-log", tags: ["audit log"] } })
    .input(listAuditLogInput)
    .output(z.object({ items: z.array(auditEntryOut), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAuditLog(ctx.scope, input)),
});
