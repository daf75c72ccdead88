import type { ReactNode } from "react";
import type { z } from "zod";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Time } from "@/components/ui/time";
import type { endpointOut } from "@/domain/endpoints/schemas";
import { EventTypes } from "./event-types";

type Endpoint = z.output<typeof endpointOut>;

const periods: Record<string, string> = { "1s": "second", "1m": "minute", "1h": "hour" };

/** Everything that decides what this endpoint gets and how, as a read-only list. */
export function EndpointSettings({
  endpoint,
  tenantName,
}: {
  endpoint: Endpoint;
  tenantName: string;
}) {
  const filter = Object.entries(endpoint.filter ?? {});
  const headers = Object.entries(endpoint.headers);
  return (
    <Card title="Settings">
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-3 text-sm">
        <Setting term="Endpoint ID">
          <span className="flex items-center gap-2">
            <code className="font-mono text-xs">{endpoint.id}</code>
            <CopyButton text={endpoint.id} label="Copy endpoint ID" />
          </span>
        </Setting>
        <Setting term="Tenant">{tenantName}</Setting>
        <Setting term="Event types">
          <EventTypes patterns={endpoint.eventTypes} />
        </Setting>
        <Setting term="Payload filter">
          {filter.length === 0 ? (
            <span className="text-slate-500">None: every event of those types</span>
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {filter.map(([path, value]) => (
                <li key={path}>
                  {path} = {JSON.stringify(value)}
                </li>
              ))}
            </ul>
          )}
        </Setting>
        <Setting term="Custom headers">
          {headers.length === 0 ? (
            <span className="text-slate-500">None</span>
          ) : (
            <ul className="space-y-0.5 font-mono text-xs">
              {headers.map(([name, value]) => (
                <li key={name} className="break-all">
                  {name}: {value}
                </li>
              ))}
            </ul>
          )}
        </Setting>
        <Setting term="Retry schedule">
          {endpoint.retrySchedule ? (
            <code className="font-mono text-xs">{endpoint.retrySchedule}</code>
          ) : (
            <span className="text-slate-500">Server default</span>
          )}
        </Setting>
        <Setting term="Rate limit">
          {endpoint.rateLimit ? (
            `${endpoint.rateLimit.limit} per ${periods[endpoint.rateLimit.period] ?? endpoint.rateLimit.period}`
          ) : (
            <span className="text-slate-500">Unlimited</span>
          )}
        </Setting>
        <Setting term="Timeout">
          {endpoint.timeoutMs !== null ? (
            `${endpoint.timeoutMs / 1000} s`
          ) : (
            <span className="text-slate-500">Server default</span>
          )}
        </Setting>
        <Setting term="Created">
          <Time value={endpoint.createdAt} />
        </Setting>
        <Setting term="Updated">
          <Time value={endpoint.updatedAt} />
        </Setting>
      </dl>
    </Card>
  );
}

function Setting({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{term}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </>
  );
}
