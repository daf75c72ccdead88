import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { parseBody } from "./parse-body";

// Properties: whatever the bytes, parseBody returns JSON objects or throws a 4xx DomainError,
// and answers quickly. Sizes are bounded so one run stays well under a second.
const seed = Number(process.env.FUZZ_SEED) || 20_261_130;
const runs = { numRuns: 300, seed };

const contentTypes = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "application/vnd.api+json",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin1",
    "text/plain",
    "",
    ";",
    "multipart/form-data; boundary=x",
  ),
  fc.string({ maxLength: 80 }),
);
const opts = fc.record({ batch: fc.boolean(), maxItems: fc.integer({ min: 1, max: 20 }) });

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 })
  .map((units) => String.fromCharCode(...units));

/** Text that is JSON or close to it: valid values, their cuts and splices, odd numbers. */
const jsonish = fc.oneof(
  fc.json({ maxDepth: 6 }),
  fc
    .json({ maxDepth: 4 })
    .chain((text) =>
      fc
        .tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length }), codeUnits)
        .map(([a, b, noise]) => text.slice(0, Math.min(a, b)) + noise + text.slice(Math.max(a, b))),
    ),
  fc
    .tuple(fc.string({ maxLength: 20 }), codeUnits)
    .map(([key, value]) => `{${JSON.stringify(key)}:${JSON.stringify(value)}}`),
  fc.tuple(codeUnits, codeUnits).map(([key, value]) => `[{"${key}":"${value}"}]`),
  fc.constantFrom(
    '{"n":1e999999}',
    '{"n":-1e-999999}',
    `{"n":${"9".repeat(5000)}}`,
    '{"n":0x10}',
    '{"n":NaN}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{}}}',
    '{"a":"\\u0000"}',
    '{"\\u0000":1}',
    '{"a":"\\ud800"}',
    '{"\\udc00x":1}',
    '{"a":"\\ud83d\\ude00"}',
    "[]",
    "[[]]",
    "[null]",
    "null",
    "0",
    '""',
    "\ufeff{}",
  ),
);

/** Arrays and objects nested to any depth up to 20 000, closed or not. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom("[", '{"a":', '[{"a":'), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open === "[" ? "]" : open === '{"a":' ? "}" : "}]";
    return `${open.repeat(depth)}1${closed ? close.repeat(depth) : ""}`;
  });

const form = fc.oneof(
  fc
    .array(fc.tuple(codeUnits, codeUnits), { maxLength: 10 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc
    .array(fc.constantFrom("%", "%0", "%00", "%ED%A0%80", "%FF", "&", "=", "+", "a", "__proto__"), {
      maxLength: 40,
    })
    .map((parts) => parts.join("")),
);

const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  jsonish.map((text) => Buffer.from(text, "utf8")),
  codeUnits.map((text) => Buffer.from(text, "utf8")),
  deep.map((text) => Buffer.from(text)),
  form.map((text) => Buffer.from(text)),
);

/** The body's items, or the DomainError it was refused with; anything else fails the property. */
function parseOrRefuse(
  contentType: string,
  body: Buffer,
  options: { batch: boolean; maxItems: number },
) {
  const started = performance.now();
  try {
    const items = parseBody(contentType, body, options);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(options.maxItems);
    for (const item of items) {
      expect(item !== null && typeof item === "object" && !Array.isArray(item)).toBe(true);
      // What is returned is stored as jsonb: it must survive a round trip.
      expect(() => JSON.stringify(item)).not.toThrow();
    }
    return items;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    return error;
  } finally {
    expect(performance.now() - started).toBeLessThan(1_000);
  }
}

describe("parseBody, for any input", () => {
  it("returns JSON objects or throws a 4xx DomainError", () => {
    fc.assert(
      fc.property(contentTypes, bodies, opts, (ct, body, o) => {
        parseOrRefuse(ct, body, o);
      }),
      runs,
    );
  });

  it("as JSON: any bytes, JSON-ish text, deep nesting and huge numbers", () => {
    fc.assert(
      fc.property(bodies, opts, (body, o) => {
        parseOrRefuse("application/json", body, o);
      }),
      runs,
    );
  });

  it("as a form: any text, broken percent-encoding, NUL and surrogates", () => {
    fc.assert(
      fc.property(form, (text) => {
        const result = parseOrRefuse("application/x-www-form-urlencoded", Buffer.from(text), {
          batch: false,
          maxItems: 1,
        });
        if (!(result instanceof DomainError)) expect(result).toHaveLength(1);
      }),
      runs,
    );
  });

  it("never stores text PostgreSQL refuses: NUL and lone surrogates anywhere are a 400", () => {
    const bad = fc.constantFrom("\u0000", "\ud800", "\udfff", "a\ud83d");
    const where = fc.constantFrom("key", "value", "nested key", "array");
    fc.assert(
      fc.property(bad, where, codeUnits, (char, at, noise) => {
        const clean = noise.replace(/\p{Cs}/gu, "").replaceAll(String.fromCharCode(0), "");
        const value =
          at === "key"
            ? { [`${clean}${char}`]: 1 }
            : at === "value"
              ? { a: `${clean}${char}` }
              : at === "nested key"
                ? { a: { b: [{ [char]: clean }] } }
                : { a: [1, [2, char]] };
        const result = parseOrRefuse("application/json", Buffer.from(JSON.stringify(value)), {
          batch: true,
          maxItems: 10,
        });
        expect(result).toBeInstanceOf(DomainError);
        expect((result as DomainError).code).toBe("invalid_body");
      }),
      runs,
    );
  });

  it("any JSON object comes back as it was sent", () => {
    const object = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 5 }), {
      maxKeys: 8,
    });
    fc.assert(
      fc.property(object, (value) => {
        const text = JSON.stringify(value);
        const result = parseOrRefuse("application/json", Buffer.from(text), {
          batch: false,
          maxItems: 1,
        });
        if (!(result instanceof DomainError)) expect(result).toEqual([JSON.parse(text)]);
      }),
      runs,
    );
  });
});
