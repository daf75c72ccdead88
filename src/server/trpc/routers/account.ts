import { z } from "zod";
import { completeSetup, setupLinkIsValid } from "@/domain/access/first-admin";
import { acceptInvitation, invitationByToken } from "@/domain/access/people";
import { newPassword, platformRole, tenantRole } from "@/domain/access/schemas";
import { listTenants } from "@/domain/tenants/tenants";
import { publicProcedure, router, signedInProcedure } from "../init";

const token = z.string().min(20).max(200);

/** The signed-in side of the console: who am I, and the pages reached by a link. */
export const accountRouter = router({
  /** Who is signed in, with their roles and tenants (the console's header and menus). */
  me: signedInProcedure
    .input(z.object({}).optional())
    .output(
      z.object({
        actor: z.object({ type: z.string(), id: z.string(), label: z.string() }),
        platformRole: platformRole.nullable(),
        tenants: z.array(
          z.object({ id: z.string(), name: z.string(), role: tenantRole.nullable() }),
        ),
      }),
    )
    .query(async ({ ctx }) => ({
      actor: ctx.principal.actor,
      platformRole: ctx.principal.platformRole,
      tenants: (await listTenants(ctx.scope)).map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        role: ctx.principal.tenantRoles.get(tenant.id) ?? null,
      })),
    })),

  invitation: publicProcedure
    .input(z.object({ token }))
    .output(
      z.object({
        email: z.string(),
        tenantName: z.string().nullable(),
        role: z.string().nullable(),
        hasAccount: z.boolean(),
      }),
    )
    .query(({ input }) => invitationByToken(input.token)),

  /** Someone new chooses a name and password; someone with an account must be signed in. */
  acceptInvitation: publicProcedure
    .input(
      z.object({
        token,
        name: z.string().trim().min(1).max(200).optional(),
        password: newPassword.optional(),
      }),
    )
    .output(z.object({ email: z.string(), tenantId: z.string().nullable() }))
    .mutation(({ ctx, input }) =>
      acceptInvitation(input.token, {
        ...input,
        signedInUserId:
          ctx.caller?.principal.actor.type === "user" ? ctx.caller.principal.actor.id : undefined,
      }),
    ),

  setupLinkIsValid: publicProcedure
    .input(z.object({ token }))
    .output(z.boolean())
    .query(({ input }) => setupLinkIsValid(input.token)),

  /** The one-time set-up link printed at first start: creates the first platform admin. */
  completeSetup: publicProcedure
    .input(
      z.object({
        token,
        name: z.string().trim().min(1).max(200),
        email: z.email(),
        password: newPassword,
      }),
    )
    .output(z.object({ email: z.string() }))
    .mutation(({ input }) => completeSetup(input.token, input)),
});
