import { disableTracing, enableTracing } from "@/lib/tracing";
import type { Env } from "./env";

export interface Telemetry {
  /** Exports the spans still buffered, then stops. */
  stop(): Promise<void>;
}

/**
 * Traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter and the batch
 * processor read the other OTEL_* settings themselves); otherwise nothing, not even a load.
 */
export async function startTelemetry(
  env: Pick<Env, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_SERVICE_NAME">,
  onError: (message: string) => void,
): Promise<Telemetry> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return { stop: async () => {} };
  // Loaded only when asked for: the SDK and the exporter cost memory an idle install should not pay.
  const [{ trace }, { OTLPTraceExporter }, { defaultResource, resourceFromAttributes }, sdk] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/sdk-trace-base"),
    ]);
  const provider = new sdk.BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? "switchyard" }),
    ),
    spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  enableTracing();
  return {
    async stop() {
      disableTracing();
      await provider
        .shutdown()
        .catch((error: Error) => onError(`Traces not exported at stop: ${error.message}`));
    },
  };
}
