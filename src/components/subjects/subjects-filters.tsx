"use client";

import { type FormEvent, useEffect, useState } from "react";
import { useFilterChoices } from "@/components/events/use-filter-choices";
import { Button } from "@/components/ui/button";
import { ChoiceSelect, Field, SelectField } from "@/components/ui/field";
import type { SubjectFilterValues } from "./list-input";

/** Tenant, source and state apply at once; key prefix and status on Enter or `Apply filters`. */
export function SubjectsFilters({
  values,
  onApply,
}: {
  values: SubjectFilterValues;
  onApply: (next: SubjectFilterValues) => void;
}) {
  const choices = useFilterChoices();
  const [draft, setDraft] = useState(values);
  useEffect(() => setDraft(values), [values]);
  const apply = (next: SubjectFilterValues) =>
    onApply(
      Object.fromEntries(
        Object.entries(next).map(([key, value]) => [key, value?.trim() || undefined]),
      ),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const sources = choices.sources.filter(
    (source) => !draft.tenantId || source.tenantId === draft.tenantId,
  );
  return (
    <form
      aria-label="Filter subjects"
      onSubmit={submit}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      {choices.tenants.length > 1 && (
        <ChoiceSelect
          label="Tenant"
          className="w-40"
          value={draft.tenantId ?? ""}
          onChange={(event) =>
            apply({ ...draft, tenantId: event.target.value, sourceId: undefined })
          }
          all="All tenants"
          choices={choices.tenants}
        />
      )}
      <ChoiceSelect
        label="Source"
        className="w-40"
        value={draft.sourceId ?? ""}
        onChange={(event) => apply({ ...draft, sourceId: event.target.value })}
        all="All sources"
        choices={sources}
      />
      <Field
        label="Key starts with"
        className="w-48"
        placeholder="call-"
        value={draft.keyPrefix ?? ""}
        onChange={(event) => setDraft({ ...draft, keyPrefix: event.target.value })}
      />
      <Field
        label="Status"
        className="w-32"
        placeholder="processing"
        value={draft.status ?? ""}
        onChange={(event) => setDraft({ ...draft, status: event.target.value })}
      />
      <SelectField
        label="State"
        className="w-36"
        value={draft.terminal ?? ""}
        onChange={(event) => apply({ ...draft, terminal: event.target.value })}
      >
        <option value="">All</option>
        <option value="false">Open</option>
        <option value="true">Terminal</option>
      </SelectField>
      <div className="ml-auto flex gap-2">
        {Object.values(values).some(Boolean) && (
          <Button variant="ghost" onClick={() => onApply({})}>
            Clear filters
          </Button>
        )}
        <Button type="submit">Apply filters</Button>
      </div>
    </form>
  );
}
