import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Ago } from "@/components/ui/time";
import { windowWords } from "./filters";
import { formatCount } from "./format";
import type { Overview } from "./types";

const link = "font-medium text-indigo-700 hover:underline focus-visible:underline";

/** Endpoints whose last attempt failed: where to look first. */
export function FailingEndpoints({ data }: { data: Overview }) {
  const tenantNames = new Map(data.tenantChoices.map((tenant) => [tenant.id, tenant.name]));
  const showTenant = data.tenantId === null && data.tenantChoices.length > 1;
  return (
    <section aria-labelledby="failing-now">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="failing-now" className="text-base font-semibold">
          Endpoints failing now
        </h2>
        <p className="text-xs text-slate-500">
          Their last attempt failed; counts are for {windowWords(data.window)}.
        </p>
      </div>
      {data.endpoints === 0 ? (
        <EmptyState title="No endpoints yet">
          Add an endpoint on the{" "}
          <Link href="/endpoints" className={link}>
            Endpoints
          </Link>{" "}
          page to deliver events to; any whose deliveries fail shows here.
        </EmptyState>
      ) : data.failingEndpoints.length === 0 ? (
        <EmptyState title="No endpoint is failing">
          Every endpoint's last attempt succeeded. An endpoint shows here as soon as an attempt to
          it fails, until one succeeds again.
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Endpoint</TH>
              {showTenant && <TH>Tenant</TH>}
              <TH className="whitespace-nowrap">Failing since</TH>
              <TH className="text-right">Failed deliveries</TH>
              <TH className="text-right">Failed attempts</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {data.failingEndpoints.map((endpoint) => (
              <TR key={endpoint.endpointId}>
                <TD className="max-w-[20rem]">
                  <div className="flex items-center gap-2">
                    <Link
                      href={`/endpoints/${endpoint.endpointId}`}
                      className={`${link} truncate font-mono text-xs`}
                      title={endpoint.url}
                    >
                      {endpoint.url}
                    </Link>
                    {!endpoint.enabled && (
                      <Badge tone="gray" className="shrink-0">
                        disabled
                      </Badge>
                    )}
                  </div>
                  {endpoint.description && (
                    <div className="truncate text-xs text-slate-500">{endpoint.description}</div>
                  )}
                </TD>
                {showTenant && (
                  <TD className="text-slate-600">
                    {tenantNames.get(endpoint.tenantId) ?? endpoint.tenantId}
                  </TD>
                )}
                <TD className="whitespace-nowrap text-slate-600">
                  <Ago value={endpoint.failingSince} />
                </TD>
                <TD className="text-right tabular-nums">{formatCount(endpoint.failed)}</TD>
                <TD className="text-right tabular-nums text-red-700">
                  {formatCount(endpoint.attemptsFailed)}
                </TD>
                <TD className="text-right">
                  <Link
                    href={`/deliveries?endpointId=${encodeURIComponent(endpoint.endpointId)}&status=failed`}
                    className={`${link} text-sm whitespace-nowrap`}
                  >
                    Failed deliveries
                  </Link>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
