import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "@/domain/errors";
import { errorReply } from "./error-reply";

describe("errorReply", () => {
  it("answers a domain error with its code's status, also when tRPC wraps it", () => {
    const error = new DomainError("not_found", 'No endpoint "ep_1"');
    const expected = { error: { code: "not_found", message: 'No endpoint "ep_1"' } };
    expect(errorReply(error, "x")).toEqual({ status: 404, body: expected, headers: {} });
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
    expect(errorReply(wrapped, "x").status).toBe(404);
  });

  it("closes the connection after a body that was too large", () => {
    const reply = errorReply(new DomainError("payload_too_large", "Over 1 MiB"), "x");
    expect(reply).toMatchObject({ status: 413, headers: { connection: "close" } });
  });

  it("names every invalid field of a validation error", () => {
    const parsed = z.object({ url: z.url(), n: z.number() }).safeParse({ url: "nope", n: "1" });
    const reply = errorReply(parsed.error, "x");
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("validation_failed");
    expect(reply.body.error.issues?.map((i) => (i as { path: string }).path)).toEqual(["url", "n"]);
  });

  it("answers a malformed URL with a 400 and anything unexpected with a 500 without its stack", () => {
    expect(errorReply(new URIError("URI malformed"), "x").status).toBe(400);
    const reply = errorReply(new Error("connection refused at db.ts:42"), "Retry later");
    expect(reply).toEqual({
      status: 500,
      body: { error: { code: "internal_error", message: "Retry later" } },
      headers: {},
    });
  });
});
