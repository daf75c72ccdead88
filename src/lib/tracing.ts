import { type Attributes, type Span, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";

// Set by src/server/telemetry.ts once spans are exported: until then no span is even made,
// so with tracing off the hot paths pay one comparison.
let tracer: Tracer | undefined;

export function enableTracing(): void {
  tracer = trace.getTracer("switchyard");
}

export function disableTracing(): void {
  tracer = undefined;
}

/** A started span, or undefined when tracing is off (callers use `span?.`). */
export function startSpan(name: string, attributes?: Attributes): Span | undefined {
  return tracer?.startSpan(name, { attributes });
}

/** Ends `span` with `attributes`, marked as an error when `failed`. */
export function endSpan(span: Span | undefined, attributes: Attributes, failed = false): void {
  if (!span) return;
  span.setAttributes(attributes);
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
