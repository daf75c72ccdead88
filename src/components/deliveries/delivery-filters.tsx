"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { useTRPC } from "@/trpc/react";
import { type DeliveryFilters, statusChoices, statusOf } from "./list-input";

type Set = (patch: Partial<DeliveryFilters>) => void;

const ranges = [
  { label: "Last hour", ms: 3_600_000 },
  { label: "Last 24 hours", ms: 86_400_000 },
  { label: "Last 7 days", ms: 7 * 86_400_000 },
  { label: "Last 30 days", ms: 30 * 86_400_000 },
];

/** The list's filters; each change goes to the query string (a URL to share). */
export function DeliveryFilterBar({ filters, set }: { filters: DeliveryFilters; set: Set }) {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions({}));
  const endpoints = useQuery(
    trpc.endpoints.list.queryOptions({ tenantId: filters.tenantId || undefined }),
  );
  const filtered = Object.entries(filters).some(([key, value]) => key !== "status" && value);
  return (
    <form
      aria-label="Filters"
      className="mb-4 grid grid-cols-2 items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-4"
      onSubmit={(event) => event.preventDefault()}
    >
      <SelectField
        label="Status"
        value={statusOf(filters)}
        onChange={(event) =>
          set({ status: event.target.value === "queue" ? undefined : event.target.value })
        }
      >
        {statusChoices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </SelectField>
      {/* Always there (no shift when tenants load); a caller of one tenant has nothing to pick. */}
      <SelectField
        label="Tenant"
        value={filters.tenantId ?? ""}
        disabled={(tenants.data?.items.length ?? 0) < 2 && !filters.tenantId}
        onChange={(event) => set({ tenantId: event.target.value, endpointId: undefined })}
      >
        <option value="">
          {tenants.data?.items.length === 1 ? tenants.data.items[0]?.name : "All tenants"}
        </option>
        {filters.tenantId && !tenants.data?.items.some((t) => t.id === filters.tenantId) && (
          <option value={filters.tenantId}>{filters.tenantId}</option>
        )}
        {(tenants.data?.items.length ?? 0) > 1 &&
          tenants.data?.items.map((tenant) => (
            <option key={tenant.id} value={tenant.id}>
              {tenant.name}
            </option>
          ))}
      </SelectField>
      <SelectField
        label="Endpoint"
        value={filters.endpointId ?? ""}
        onChange={(event) => set({ endpointId: event.target.value })}
      >
        <option value="">All endpoints</option>
        {filters.endpointId && !endpoints.data?.items.some((e) => e.id === filters.endpointId) && (
          <option value={filters.endpointId}>{filters.endpointId}</option>
        )}
        {endpoints.data?.items.map((endpoint) => (
          <option key={endpoint.id} value={endpoint.id}>
            {endpoint.url}
          </option>
        ))}
      </SelectField>
      <TextFilter
        label="Event ID"
        placeholder="evt_…"
        value={filters.eventId}
        onCommit={(eventId) => set({ eventId })}
      />
      <SelectField
        label="Quick range"
        value=""
        onChange={(event) => {
          const ms = Number(event.target.value);
          if (ms) set({ from: new Date(Date.now() - ms).toISOString(), to: undefined });
        }}
      >
        <option value="">Choose…</option>
        {ranges.map((range) => (
          <option key={range.ms} value={range.ms}>
            {range.label}
          </option>
        ))}
      </SelectField>
      <TimeFilter label="From" value={filters.from} onCommit={(from) => set({ from })} />
      <TimeFilter label="To" value={filters.to} onCommit={(to) => set({ to })} />
      {filtered && (
        <Button
          variant="ghost"
          className="self-end justify-self-start"
          onClick={() =>
            set({
              tenantId: undefined,
              endpointId: undefined,
              eventId: undefined,
              from: undefined,
              to: undefined,
            })
          }
        >
          Clear filters
        </Button>
      )}
    </form>
  );
}

/** A text filter applied on Enter or when it loses focus, not on every key. */
function TextFilter({
  label,
  placeholder,
  value,
  onCommit,
}: {
  label: string;
  placeholder: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(value ?? "");
  useEffect(() => setDraft(value ?? ""), [value]);
  const commit = () => {
    const next = draft.trim() || undefined;
    if (next !== value) onCommit(next);
  };
  return (
    <Field
      label={label}
      placeholder={placeholder}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === "Enter") commit();
      }}
    />
  );
}

/** A time in the reader's zone, kept in the URL as ISO-8601 (UTC). */
function TimeFilter({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
}) {
  // The reader's zone is known in the browser only: the server renders the field empty.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return (
    <Field
      label={label}
      type="datetime-local"
      value={inBrowser ? toLocalInput(value) : ""}
      onChange={(event) =>
        onCommit(event.target.value ? new Date(event.target.value).toISOString() : undefined)
      }
    />
  );
}

const noSubscription = () => () => {};

/** ISO-8601 -> the "YYYY-MM-DDTHH:mm" a datetime-local input shows, in the reader's zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
