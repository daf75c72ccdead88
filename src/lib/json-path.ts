/** The value at a dotted path ("message.call.id", "items.0.sku"), or undefined. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's.
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key))
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
