import { describe, expect, it } from "vitest";
import { z } from "zod";
import { patchSchema } from "./zod-patch";

describe("patchSchema", () => {
  const schema = patchSchema({
    name: z.string(),
    enabled: z.boolean().default(true),
    tags: z.array(z.string()).default([]),
  });

  it("leaves out the fields a patch does not name, defaults included", () => {
    expect(schema.parse({ name: "x" })).toEqual({ name: "x" });
  });

  it("still validates the fields it names, and refuses unknown ones", () => {
    expect(schema.parse({ enabled: false })).toEqual({ enabled: false });
    expect(schema.safeParse({ enabled: "no" }).success).toBe(false);
    expect(schema.safeParse({ colour: "red" }).success).toBe(false);
  });
});
