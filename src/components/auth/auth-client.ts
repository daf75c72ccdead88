"use client";

import { createAuthClient } from "better-auth/react";

/** Better Auth's browser client, on the app's own origin (/api/auth). */
export const authClient = createAuthClient();

/** Ends whichever session this browser has: a person's, or a portal session. */
export async function signOutEverywhere(): Promise<void> {
  await Promise.allSettled([
    authClient.signOut(),
    fetch("/api/portal/sign-out", { method: "POST" }),
  ]);
}
