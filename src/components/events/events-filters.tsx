"use client";

import { type FormEvent, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ChoiceSelect, Field, FormError, SelectField } from "@/components/ui/field";
import { EventStatus } from "@/generated/prisma/enums";
import type { eventFilterKeys } from "./list-input";
import { TimeRange } from "./time-range";
import { useFilterChoices } from "./use-filter-choices";

export type EventFilterValues = Partial<Record<(typeof eventFilterKeys)[number], string>>;

/**
 * The events list's filters. Choices (tenant, source, status, quick ranges) apply at once;
 * typed ones (type, subject, payload field, times) on Enter or `Apply filters`.
 */
export function EventsFilters({
  values,
  onApply,
}: {
  values: EventFilterValues;
  onApply: (next: EventFilterValues) => void;
}) {
  const choices = useFilterChoices();
  const [draft, setDraft] = useState(values);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(values), [values]);

  const edit = (patch: EventFilterValues) => setDraft((current) => ({ ...current, ...patch }));
  const apply = (next: EventFilterValues) => {
    const trimmed = Object.fromEntries(
      Object.entries(next).map(([key, value]) => [key, value?.trim() || undefined]),
    );
    if (Boolean(trimmed.payloadPath) !== Boolean(trimmed.payloadValue)) {
      setError("Give both a payload field and the value it must hold.");
      return;
    }
    setError(null);
    onApply(trimmed);
  };
  const choose = (patch: EventFilterValues) => apply({ ...draft, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };

  const sources = choices.sources.filter(
    (source) => !draft.tenantId || source.tenantId === draft.tenantId,
  );
  const active = Object.values(values).some(Boolean);
  return (
    <form
      aria-label="Filter events"
      onSubmit={submit}
      className="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-end gap-3">
        {choices.tenants.length > 1 && (
          <ChoiceSelect
            label="Tenant"
            className="w-44"
            value={draft.tenantId ?? ""}
            onChange={(event) => choose({ tenantId: event.target.value, sourceId: undefined })}
            all="All tenants"
            choices={choices.tenants}
          />
        )}
        <ChoiceSelect
          label="Source"
          className="w-44"
          value={draft.sourceId ?? ""}
          onChange={(event) => choose({ sourceId: event.target.value })}
          all="All sources"
          choices={sources}
        />
        <SelectField
          label="Status"
          className="w-36"
          value={draft.status ?? ""}
          onChange={(event) => choose({ status: event.target.value })}
        >
          <option value="">Any status</option>
          {Object.values(EventStatus).map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </SelectField>
        <Field
          label="Type"
          className="w-44"
          placeholder="order.placed"
          value={draft.type ?? ""}
          onChange={(event) => edit({ type: event.target.value })}
        />
        <Field
          label="Subject"
          className="w-44"
          placeholder="call-123"
          value={draft.subject ?? ""}
          onChange={(event) => edit({ subject: event.target.value })}
        />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <Field
          label="Payload field"
          className="w-44"
          placeholder="message.call.id"
          value={draft.payloadPath ?? ""}
          onChange={(event) => edit({ payloadPath: event.target.value })}
        />
        <span aria-hidden className="pb-2 text-slate-500">
          =
        </span>
        <Field
          label="Value"
          className="w-36"
          placeholder="42"
          value={draft.payloadValue ?? ""}
          onChange={(event) => edit({ payloadValue: event.target.value })}
        />
        <TimeRange
          from={draft.from}
          to={draft.to}
          onChange={(range) => edit(range)}
          onPreset={(range) => choose(range)}
        />
        <div className="ml-auto flex gap-2">
          {active && (
            <Button variant="ghost" onClick={() => onApply({})}>
              Clear filters
            </Button>
          )}
          <Button type="submit">Apply filters</Button>
        </div>
      </div>
      <FormError message={error} />
    </form>
  );
}
