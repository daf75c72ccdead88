import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getPath } from "@/lib/json-path";
import { type SampleSource, sampleRequest } from "./sample-payload";

// Property: whatever paths a source reads (the prototype's names are valid JSON paths too),
// its sample fills them in its own JSON and leaves every other object of the process alone.
const seed = Number(process.env.FUZZ_SEED) || 20_261_130;

const key = fc.constantFrom("id", "data", "x", "0", "__proto__", "constructor", "prototype");
const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => keys.join("."));

const source: fc.Arbitrary<SampleSource> = fc.record({
  verification: fc.constantFrom(
    { scheme: "none" as const, hasSecret: false },
    { scheme: "stripe" as const, hasSecret: true },
  ),
  idempotency: fc.oneof(
    fc.constant({ from: "body" as const }),
    fc.record({
      from: fc.constant("paths" as const),
      paths: fc.array(path, { minLength: 1, maxLength: 3 }),
    }),
  ),
  eventType: fc.oneof(
    fc.constant({ fixed: "webhook.received" }),
    fc.record({ from: fc.constant("path" as const), path }),
  ),
  subject: fc.option(fc.record({ from: fc.constant("path" as const), path }), { nil: null }),
  required: fc.array(path, { maxLength: 3 }),
  timestamps: fc.array(path, { maxLength: 2 }),
  batch: fc.boolean(),
});

describe("sampleRequest, for any paths", () => {
  it("writes only into its own sample: no prototype gains a key", () => {
    const shared = [Object.prototype, Object, Function.prototype] as Record<string, unknown>[];
    const before = shared.map((object) => Object.getOwnPropertyNames(object));
    /** Keys the sample added to objects every module shares, removed again before the next run. */
    const polluted = () =>
      shared.flatMap((object, i) =>
        Object.getOwnPropertyNames(object)
          .filter((name) => !before[i]?.includes(name))
          .map((name) => {
            delete object[name];
            return name;
          }),
      );
    fc.assert(
      fc.property(source, (src) => {
        const sample = sampleRequest(src, { id: "smp_1", now: "2026-11-29T10:00:00Z" });
        expect(polluted()).toEqual([]);
        const item = JSON.parse(sample.body);
        // The last path written is always there, as the source will read it.
        const last = src.required.at(-1);
        if (last && !src.required.some((p) => p !== last && p.startsWith(`${last}.`)))
          expect(getPath(item, last)).not.toBeUndefined();
      }),
      { numRuns: 500, seed },
    );
  });
});
