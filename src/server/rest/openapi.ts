import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { appRouter } from "@/server/trpc/root";
import { restRoutes } from "./routes";

type SchemaObject = NonNullable<NonNullable<OpenAPIObject["components"]>["schemas"]>[string];

/** Every error of the API, as PRODUCT.md fixes it. */
const errorSchema: SchemaObject = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", examples: ["not_found", "validation_failed", "forbidden"] },
        message: { type: "string" },
        issues: {
          type: "array",
          items: {
            type: "object",
            properties: { path: { type: "string" }, message: { type: "string" } },
          },
        },
      },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

let document: OpenAPIObject | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated from the tRPC procedures themselves. */
export function openApiDocument(): OpenAPIObject {
  document ??= withOurConventions(
    generateOpenApiDocument(appRouter, {
      title: "Switchyard management API",
      description:
        "Tenants, sources, endpoints, events, deliveries, subjects and stats. " +
        "Authorization: Bearer <ADMIN_API_KEY or a tenant API key>.",
      version: "1",
      baseUrl: "/api/v1",
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    }),
  );
  return document;
}

// The generator knows only 200 and its own error shape; the API answers 201/202 and {error}.
function withOurConventions(doc: OpenAPIObject): OpenAPIObject {
  const schemas = doc.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) {
    if (name.startsWith("error.")) schemas[name] = errorSchema;
  }
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(
      item as Record<string, { operationId?: string; responses?: Record<string, unknown> }>,
    )) {
      const id = operation.operationId?.replaceAll("-", ".");
      const status = restRoutes.find((route) => route.procedure === id)?.successStatus ?? 200;
      if (status !== 200 && operation.responses?.["200"]) {
        operation.responses[String(status)] = operation.responses["200"];
        delete operation.responses["200"];
      }
    }
  }
  return doc;
}
