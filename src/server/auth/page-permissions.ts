import "server-only";

import { headers } from "next/headers";
import { cache } from "react";
import { type Permission, scopeFor } from "@/domain/access/principal";
import type { Grant } from "@/lib/grant";
import { callerFrom } from "./principal";

/**
 * Where the signed-in browser holds each permission, so that a page offers only the actions
 * that will work (the procedures decide again on every call). Read with `allows(grant, id)`.
 */
export const pageGrants = cache(async () => {
  const caller = await callerFrom(await headers());
  return (permission: Permission): Grant => {
    const scope = caller ? scopeFor(caller.principal, permission) : null;
    if (!scope) return [];
    return scope.tenantIds === null ? "all" : [...scope.tenantIds];
  };
});
