import { z } from "zod";
import {
  changeMemberRole,
  invitePerson,
  listMembers,
  listPeople,
  removeMember,
  revokeInvitation,
  setPlatformRole,
} from "@/domain/access/people";
import {
  invitationOut,
  inviteInput,
  memberOut,
  personOut,
  platformRole,
  tenantRole,
} from "@/domain/access/schemas";
import { byId } from "@/domain/schemas";
import { accessProcedure, adminProcedure, router } from "../init";

const member = byId.extend({ userId: z.string() });

export const peopleRouter = router({
  /** A tenant's members and its open invitations. */
  members: accessProcedure
    .meta({ openapi: { method: "GET", path: "/tenants/{id}/members", tags: ["people"] } })
    .input(byId)
    .output(z.object({ members: z.array(memberOut), invitations: z.array(invitationOut) }))
    .query(({ ctx, input }) => listMembers(ctx.scope, input.id)),

  /** An invitation link to copy (to a tenant, or to the platform staff for admins). */
  invite: accessProcedure
    .meta({
      openapi: { method: "POST", path: "/invitations", tags: ["people"] },
      successStatus: 201,
    })
    .input(inviteInput)
    .output(invitationOut.extend({ url: z.string() }))
    .mutation(({ ctx, input }) => invitePerson(ctx.scope, input, ctx.origin)),

  revokeInvitation: accessProcedure
    .meta({ openapi: { method: "DELETE", path: "/invitations/{id}", tags: ["people"] } })
    .input(byId)
    .output(invitationOut)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.scope, input.id)),

  changeRole: accessProcedure
    .meta({
      openapi: { method: "PATCH", path: "/tenants/{id}/members/{userId}", tags: ["people"] },
    })
    .input(member.extend({ role: tenantRole }))
    .output(z.object({ userId: z.string(), tenantId: z.string(), role: tenantRole }))
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.scope, { tenantId: input.id, userId: input.userId, role: input.role }),
    ),

  remove: accessProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tenants/{id}/members/{userId}", tags: ["people"] },
    })
    .input(member)
    .output(z.object({ userId: z.string(), tenantId: z.string(), removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeMember(ctx.scope, { tenantId: input.id, userId: input.userId }),
    ),

  /** Everyone with an account, with their platform role and memberships (admins only). */
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/people", tags: ["people"] } })
    .input(z.object({}))
    .output(
      z.object({
        items: z.array(
          personOut.extend({
            memberships: z.array(
              z.object({ tenantId: z.string(), tenantName: z.string(), role: tenantRole }),
            ),
          }),
        ),
      }),
    )
    .query(({ ctx }) => listPeople(ctx.scope)),

  /** Gives or takes a platform role (null: none). The last admin keeps theirs. */
  setPlatformRole: adminProcedure
    .meta({ openapi: { method: "PATCH", path: "/people/{id}", tags: ["people"] } })
    .input(z.object({ id: z.string(), role: platformRole.nullable() }))
    .output(personOut)
    .mutation(({ ctx, input }) => setPlatformRole(ctx.scope, input.id, input.role)),
});
