import { z } from "zod";
import { PlatformRole, TenantRole } from "@/generated/prisma/enums";

export const apiKeyOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  /** The first characters, to tell keys apart. */
  prefix: z.string(),
  /** owner: everything in its tenant, keys included; member: reads, retries and replays. */
  role: z.enum(TenantRole),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const tenantRole = z.enum(TenantRole);
export const platformRole = z.enum(PlatformRole);

export const createPortalLinkInput = z.object({
  id: z.string(),
  role: tenantRole.default("member"),
  /** At most an hour (the default). */
  expiresInSeconds: z.number().int().min(60).max(3600).default(3600),
});

export const portalLinkOut = z.object({
  id: z.string(),
  tenantId: z.string(),
  role: tenantRole,
  /** Opening it once signs a browser into this tenant's console. */
  url: z.string(),
  expiresAt: z.date(),
});

export const inviteInput = z
  .object({
    email: z.email(),
    tenantId: z.string().optional(),
    role: tenantRole.optional(),
    platformRole: platformRole.optional(),
  })
  .refine((input) => !(input.platformRole && (input.tenantId || input.role)), {
    message: "Invite either to a tenant (tenantId, role) or to the platform staff (platformRole)",
  });

export const invitationOut = z.object({
  id: z.string(),
  email: z.string(),
  tenantId: z.string().nullable(),
  role: tenantRole.nullable(),
  platformRole: platformRole.nullable(),
  expiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const memberOut = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: tenantRole,
  since: z.date(),
});

export const personOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: platformRole.nullable(),
  createdAt: z.date(),
});

export const newPassword = z.string().min(8, "at least 8 characters").max(256);
