import type { Meta } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

/** A REST route: a procedure that carries `openapi` in its meta. */
export interface RestRoute {
  method: string;
  /** The procedure's path in the router ("endpoints.rotateSecret"). */
  procedure: string;
  type: "query" | "mutation";
  pattern: RegExp;
  successStatus: number;
}

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: Meta };
}

const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

/** Every REST route, read once from the procedures' meta. */
export const restRoutes: RestRoute[] = Object.entries(procedures).flatMap(([path, procedure]) => {
  const { meta, type } = procedure._def;
  if (!meta?.openapi || type === "subscription") return [];
  // "/endpoints/{id}/secret" -> ^/endpoints/(?<id>[^/]+)/secret$
  const pattern = new RegExp(
    `^${meta.openapi.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)").replace(/\/$/, "")}$`,
  );
  return [
    {
      method: meta.openapi.method,
      procedure: path,
      type,
      pattern,
      successStatus: meta.successStatus ?? 200,
    },
  ];
});

/** The route for a request, with its path parameters decoded; or why there is none. */
export function matchRoute(method: string, path: string) {
  const onPath = restRoutes
    .map((route) => ({ route, match: route.pattern.exec(path) }))
    .filter((candidate) => candidate.match !== null);
  const found = onPath.find((candidate) => candidate.route.method === method);
  if (!found) return { route: null, allowed: onPath.map((candidate) => candidate.route.method) };
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(found.match?.groups ?? {})) {
    const decoded = decodeParam(value);
    // Nothing is named with broken percent-encoding or a NUL: such a path finds nothing.
    if (decoded === null) return { route: null, allowed: [] };
    params[name] = decoded;
  }
  return { route: found.route, params, allowed: [] };
}

function decodeParam(value: string): string | null {
  try {
    const decoded = decodeURIComponent(value);
    return decoded.includes("\u0000") ? null : decoded;
  } catch {
    return null;
  }
}
