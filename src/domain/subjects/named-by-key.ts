import { type Scope, tenantFilter } from "@/domain/access/scope";
import { DomainError } from "@/domain/errors";

/** How subjects and groups are named: a key, narrowed by source or tenant where it is shared. */
export interface KeyName {
  key: string;
  sourceId?: string;
  tenantId?: string;
}

/** The `where` that finds what a key names among what the caller may see. */
export function whereKeyNames(scope: Scope, name: KeyName) {
  return {
    key: name.key,
    tenantId: tenantFilter(scope, name.tenantId),
    ...(name.sourceId ? { sourceId: name.sourceId } : {}),
  };
}

/** The one row a key named (found with `take: 2`): none is a 404, two a 400 saying how to pick. */
export function theOneNamed<T>(rows: T[], what: "subject" | "group", name: KeyName): T {
  const [row, other] = rows;
  if (!row) throw new DomainError("not_found", `No ${what} "${name.key}"`);
  if (other) {
    throw new DomainError(
      "validation_failed",
      what === "subject"
        ? `Several tenants have a subject "${name.key}"; name one with sourceId or tenantId`
        : `Several sources have a group "${name.key}"; name one with sourceId`,
    );
  }
  return row;
}
