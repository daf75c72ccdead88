import { z } from "zod";

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner> ? Inner : S[K]>;
};

/**
 * The schema of a PATCH: every field optional and without its default. zod's `.partial()`
 * keeps defaults, so a PATCH naming one field would silently reset all the others.
 * A field's refinements must come before its `.default()`, or unwrapping drops them.
 */
export function patchSchema<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [
      name,
      z.optional((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType),
    ]),
  ) as unknown as PatchShape<S>;
  return z.object(fields).strict();
}
