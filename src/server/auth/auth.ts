import { hkdfSync } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "@/domain/db";
import { type IdKind, newId } from "@/lib/ids";

/** The header our HTTP server sets to the client's address (clients cannot choose it). */
export const CLIENT_IP_HEADER = "x-switchyard-client-ip";
/** Sign-in attempts per client address and minute; more answer 429 with Retry-After. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 30;
/** A session lasts a week, renewed each day it is used. */
const SESSION_SECONDS = 7 * 24 * 3600;

const idKinds: Record<string, IdKind> = {
  user: "user",
  session: "session",
  account: "account",
  verification: "verification",
  rateLimit: "rateLimit",
};

function createAuth() {
  return betterAuth({
    appName: "Switchyard",
    basePath: "/api/auth",
    baseURL: process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`,
    secret: authSecret(),
    database: prismaAdapter(db, { provider: "postgresql" }),
    // People are created by the first-admin set-up and by invitations, never by signing up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: { role: { type: "string", required: false, input: false } },
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 3600 },
    // A browser's Origin must be the host it addressed (CSRF), or APP_URL's.
    trustedOrigins: (request) => [process.env.APP_URL, request && originOf(request)],
    rateLimit: {
      enabled: true,
      storage: "database",
      customRules: { "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE } },
    },
    advanced: {
      cookiePrefix: "switchyard",
      // Better Auth turns its Origin check off under test runners; ours must test it as it runs.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      database: { generateId: ({ model }) => newId(idKinds[model] ?? "verification") },
    },
    telemetry: { enabled: false },
    // A wrong password is the caller's answer (401), not something to log.
    logger: { level: "error" },
  });
}

export type Auth = ReturnType<typeof createAuth>;

// One instance per module graph, made on first use: the database is chosen at start-up.
const holder = globalThis as unknown as { switchyardAuth?: Auth };
export function auth(): Auth {
  holder.switchyardAuth ??= createAuth();
  return holder.switchyardAuth;
}

/** Signs sessions with a key derived from APP_ENCRYPTION_KEY: one secret to configure. */
function authSecret(): string {
  // The current key (the first of a rotation's list): a rotation signs everyone out once.
  const base = process.env.BETTER_AUTH_SECRET || process.env.APP_ENCRYPTION_KEY?.split(",")[0];
  if (!base) throw new Error("APP_ENCRYPTION_KEY is not set");
  return Buffer.from(hkdfSync("sha256", base, "switchyard", "session cookies", 32)).toString(
    "base64url",
  );
}

function originOf(request: Request): string | undefined {
  const host = request.headers.get("host");
  if (!host) return undefined;
  return `${new URL(request.url).protocol}//${host}`;
}
