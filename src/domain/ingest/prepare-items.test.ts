import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { eventTypeRule, idempotencyRule, subjectRule } from "@/domain/sources/schemas";
import type { Source } from "@/domain/sources/sources";
import { trackingRule } from "@/domain/subjects/tracking-rule";
import { type InboundContext, prepareItem } from "./prepare-items";

// Properties: for any item and any rules a source may hold, prepareItem answers ok or a
// rejection (never an exception), and an accepted item really carries what the rules read.
const seed = Number(process.env.FUZZ_SEED) || 20_261_130;
const runs = { numRuns: 500, seed };

// Few keys, so that the rules' paths often hit; the prototype's names among them.
const key = fc.constantFrom("id", "type", "at", "0", "a", "__proto__", "constructor", "toString");
const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join("."));
const header = fc.constantFrom("x-id", "x-type", "x-subject", "constructor");

const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(
    "",
    "2026-01-01T00:00:00Z",
    "2026-13-45T99:99:99+99:99",
    "9999-12-31T23:59:59.999999999Z",
    1e308,
    -0,
  ),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(key, tie("node"), { maxKeys: 4 }),
  ),
})).node;
/** Items as JSON.parse makes them: "__proto__" an own key, not the prototype. */
const item = fc
  .dictionary(key, value, { maxKeys: 6 })
  .map((object) => JSON.parse(JSON.stringify(object)) as Record<string, unknown>);

const source = fc
  .record({
    required: fc.array(path, { maxLength: 3 }),
    timestamps: fc.array(path, { maxLength: 2 }),
    eventType: fc.oneof(
      fc.record({ fixed: fc.string({ minLength: 1, maxLength: 200 }) }),
      fc.record({ from: fc.constant("path"), path }),
      fc.record({ from: fc.constant("header"), header }),
    ),
    subject: fc.oneof(
      fc.constant(null),
      fc.record({ from: fc.constant("path"), path }),
      fc.record({ from: fc.constant("header"), header }),
      fc.record({ from: fc.constant("url") }),
    ),
    idempotency: fc.oneof(
      fc.record({ from: fc.constant("body") }),
      fc.record({ from: fc.constant("header"), header }),
      fc.record({
        from: fc.constant("paths"),
        paths: fc.array(path, { minLength: 1, maxLength: 3 }),
      }),
    ),
    tracking: fc.option(
      fc.record(
        {
          status: path,
          progress: path,
          result: path,
          error: path,
          fields: fc.dictionary(fc.constantFrom("f", "g"), path),
        },
        { requiredKeys: ["status"] },
      ),
    ),
  })
  .map(
    (rules) =>
      ({
        ...rules,
        eventType: eventTypeRule.parse(rules.eventType),
        subject: rules.subject && subjectRule.parse(rules.subject),
        idempotency: idempotencyRule.parse(rules.idempotency),
        tracking: rules.tracking && trackingRule.parse(rules.tracking),
      }) as unknown as Source,
  );

const context = fc.record({
  headers: fc.dictionary(header, fc.option(fc.string({ maxLength: 300 }), { nil: undefined })),
  urlSubject: fc.option(
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.nat({ max: 3000 }).map((n) => "s".repeat(n)),
    ),
    { nil: undefined },
  ),
  rawBody: fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes)),
  batchSize: fc.integer({ min: 1, max: 1000 }),
});

/** The value at a dotted path, own properties only: what the item itself carries. */
function ownValue(object: unknown, dotted: string): unknown {
  let current = object;
  for (const part of dotted.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part))
      return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

describe("prepareItem, for any item and rules", () => {
  it("answers ok or a rejection, never an exception but a DomainError", () => {
    fc.assert(
      fc.property(source, item, fc.nat({ max: 999 }), context, (src, it, index, ctx) => {
        let prepared: ReturnType<typeof prepareItem>;
        try {
          prepared = prepareItem(src, it, index, ctx as InboundContext);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        expect(prepared.index).toBe(index);
        if (!prepared.ok) {
          expect(typeof prepared.error).toBe("string");
          return;
        }
        expect(prepared.type.length).toBeGreaterThan(0);
        expect(prepared.type.length).toBeLessThanOrEqual(200);
        expect(prepared.idempotencyKey.length).toBeGreaterThan(0);
        expect(prepared.idempotencyKey.length).toBeLessThanOrEqual(200);
        if (prepared.subjectKey !== null)
          expect(prepared.subjectKey.length).toBeLessThanOrEqual(500);
        expect(prepared.payload).toBe(it);
        // Stored as jsonb beside the event: plain JSON, nothing else.
        if (prepared.observation)
          expect(JSON.parse(JSON.stringify(prepared.observation))).toEqual(prepared.observation);
      }),
      runs,
    );
  });

  it("accepts an item only when it carries every field the rules read", () => {
    fc.assert(
      fc.property(source, item, context, (src, it, ctx) => {
        const prepared = prepareItem(src, it, 0, ctx as InboundContext);
        if (!prepared.ok) return;
        for (const p of src.required) expect(ownValue(it, p), p).not.toBeUndefined();
        for (const p of src.timestamps) expect(typeof ownValue(it, p), p).toBe("string");
        if ("from" in src.eventType && src.eventType.from === "path")
          expect(ownValue(it, src.eventType.path)).toBe(prepared.type);
        if (src.subject?.from === "path")
          expect(String(ownValue(it, src.subject.path))).toBe(prepared.subjectKey);
        if (src.idempotency.from === "paths")
          for (const p of src.idempotency.paths) expect(ownValue(it, p), p).not.toBeUndefined();
      }),
      runs,
    );
  });
});
