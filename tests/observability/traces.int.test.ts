import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@/runner/test-app";
import { type AppProcess, startAppProcess } from "../support/app-process";
import { adminCall, type FaultSetup, faultSetup } from "../support/fault-kit";
import { startReceiver } from "../support/receiver";

// With OTEL_EXPORTER_OTLP_ENDPOINT set, the app (main thread and runner thread) exports its
// spans over OTLP/HTTP: a stub collector receives a webhook's and a delivery attempt's.

interface ExportedSpan {
  name: string;
  serviceName: string | undefined;
  attributes: Record<string, string | number | undefined>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number };
type OtlpAttribute = { key: string; value: OtlpValue };
interface OtlpExport {
  resourceSpans: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans: { spans: { name: string; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const flat = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)),
    ]),
  );

/** A collector that keeps every span POSTed to /v1/traces as OTLP JSON. */
async function startCollector() {
  const spans: ExportedSpan[] = [];
  const requests: { path: string; contentType: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const contentType = req.headers["content-type"] ?? "";
      requests.push({ path: req.url ?? "", contentType });
      if (req.url === "/v1/traces" && contentType.includes("json")) {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
        for (const { resource, scopeSpans } of body.resourceSpans) {
          const serviceName = flat(resource?.attributes)["service.name"] as string | undefined;
          for (const { spans: each } of scopeSpans)
            for (const span of each)
              spans.push({ name: span.name, serviceName, attributes: flat(span.attributes) });
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

let setup: FaultSetup;
let app: AppProcess;
let collector: Awaited<ReturnType<typeof startCollector>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let tenantId = "";

beforeAll(async () => {
  collector = await startCollector();
  receiver = await startReceiver();
  setup = await faultSetup({
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_SERVICE_NAME: "switchyard-traces-test",
    OTEL_BSP_SCHEDULE_DELAY: "200",
    ALLOW_PRIVATE_ENDPOINTS: "true",
  });
  app = await startAppProcess(setup.env);
  tenantId = (
    await adminCall(app.url, "POST", "/tenants", { name: "Traces", slug: `traces-${Date.now()}` })
  ).id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await receiver?.stop();
  await collector?.stop();
  await setup?.database.drop();
  if (setup) rmSync(setup.dataDir, { recursive: true, force: true });
}, 60_000);

describe("OpenTelemetry traces", () => {
  it("exports a webhook.receive span with the source, status and counts", async () => {
    const source = await adminCall(app.url, "POST", "/sources", {
      tenantId,
      slug: `traces-${Date.now()}`,
      name: "Traces",
      verification: { scheme: "none" },
    });
    const response = await fetch(`${app.url}/api/webhooks/${source.slug}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "traces-test-1" },
      body: JSON.stringify({ hello: "traces" }),
    });
    expect(response.status).toBe(202);

    let span: ExportedSpan | undefined;
    await eventually(
      async () => {
        span = collector.spans.find(
          (s) => s.name === "webhook.receive" && s.attributes["switchyard.source"] === source.slug,
        );
        return span !== undefined;
      },
      15_000,
      "a webhook.receive span at the collector",
    );
    expect(span?.serviceName).toBe("switchyard-traces-test");
    expect(span?.attributes).toMatchObject({
      "http.response.status_code": 202,
      "switchyard.request_id": "traces-test-1",
      "switchyard.accepted": 1,
      "switchyard.duplicates": 0,
      "switchyard.rejected": 0,
    });
    expect(collector.requests.every((r) => r.path === "/v1/traces")).toBe(true);
  }, 30_000);

  it("exports a delivery.attempt span from the runner thread", async () => {
    const endpoint = await adminCall(app.url, "POST", "/endpoints", {
      tenantId,
      url: receiver.url,
      eventTypes: ["traces.attempt"],
    });
    const event = await adminCall(app.url, "POST", "/events", {
      tenantId,
      type: "traces.attempt",
      data: { n: 1 },
    });

    let span: ExportedSpan | undefined;
    await eventually(
      async () => {
        span = collector.spans.find(
          (s) =>
            s.name === "delivery.attempt" && s.attributes["switchyard.endpoint.id"] === endpoint.id,
        );
        return span !== undefined;
      },
      30_000,
      "a delivery.attempt span at the collector",
    );
    const list = await adminCall(app.url, "GET", `/deliveries?eventId=${event.id}`);
    expect(span?.serviceName).toBe("switchyard-traces-test");
    expect(span?.attributes).toMatchObject({
      "switchyard.delivery.id": list.items[0].id,
      "http.response.status_code": 200,
      "switchyard.duration_ms": expect.any(Number),
    });
    expect(span?.attributes["error.type"]).toBeUndefined();
  }, 45_000);
});
