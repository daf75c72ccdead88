"use client";

import { useEffect, useState } from "react";
import { Field } from "@/components/ui/field";

const presets = [
  { label: "Last hour", ms: 3_600_000 },
  { label: "Last 24 h", ms: 86_400_000 },
  { label: "Last 7 days", ms: 7 * 86_400_000 },
  { label: "Last 30 days", ms: 30 * 86_400_000 },
];

/** An ISO time as a datetime-local value in the reader's zone ("2026-11-29T18:05"). */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function toIso(local: string): string | undefined {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * From and To in the reader's own zone, kept as ISO times, and quick ranges that apply at
 * once. The inputs fill in once mounted: the server does not know the reader's zone.
 */
export function TimeRange({
  from,
  to,
  onChange,
  onPreset,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
  onPreset: (range: { from: string; to: undefined }) => void;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <Field
        label="From"
        type="datetime-local"
        className="w-52"
        value={mounted ? toLocalInput(from) : ""}
        onChange={(event) => onChange({ from: toIso(event.target.value), to })}
      />
      <Field
        label="To"
        type="datetime-local"
        className="w-52"
        value={mounted ? toLocalInput(to) : ""}
        onChange={(event) => onChange({ from, to: toIso(event.target.value) })}
      />
      <fieldset className="flex items-end gap-1 pb-1">
        <legend className="sr-only">Quick ranges</legend>
        {presets.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            onClick={() =>
              onPreset({ from: new Date(Date.now() - preset.ms).toISOString(), to: undefined })
            }
          >
            {preset.label}
          </button>
        ))}
      </fieldset>
    </>
  );
}
