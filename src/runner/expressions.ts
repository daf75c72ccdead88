import { evaluate } from "@marcbachmann/cel-js";

// Inngest's expressions (keys, trigger filters, cancelOn `if`) are CEL.

/** The value of a key expression such as "event.data.endpointId", as a string ("" if absent). */
export function evaluateKey(expression: string, event: unknown): string | null {
  try {
    const value = evaluate(expression, { event });
    if (value === null || value === undefined) return null;
    return typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    // A field missing from the event gives no key, not one key shared by every such event.
    return null;
  }
}

/** A boolean expression; anything that fails to evaluate (a missing field) is false. */
export function matches(expression: string, context: Record<string, unknown>): boolean {
  try {
    return evaluate(expression, context) === true;
  } catch {
    return false;
  }
}
