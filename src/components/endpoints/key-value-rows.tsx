"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { controlClassName } from "@/components/ui/form-control";
import type { Row } from "./form-values";

/**
 * Editable key/value rows (custom headers, payload filter) in a fieldset named by `legend`;
 * each input is named by its row ("Header name 2"), so a screen reader knows which is which.
 */
export function KeyValueRows({
  legend,
  hint,
  error,
  rows,
  onChange,
  keyLabel,
  valueLabel,
  keyPlaceholder,
  valuePlaceholder,
  itemLabel,
  addLabel,
  rowError,
}: {
  legend: string;
  hint?: string;
  error?: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  keyLabel: string;
  valueLabel: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  /** What one row is ("header"): its remove button says "Remove header 2". */
  itemLabel: string;
  addLabel: string;
  /** The server's word on one row (a bad name), shown under that row. */
  rowError?: (row: Row) => string | undefined;
}) {
  const id = useId();
  const update = (index: number, patch: Partial<Row>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset
      aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ")}
    >
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {rows.length > 0 && (
        <div className="mt-2 space-y-2">
          {rows.map((row, index) => {
            const problem = rowError?.(row);
            const described = problem ? `${id}-row-${index}` : undefined;
            const look = controlClassName(Boolean(error || problem), "font-mono text-xs");
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a row's position is its identity.
              <div key={index}>
                <div className="flex items-center gap-2">
                  <input
                    aria-label={`${keyLabel} ${index + 1}`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={described}
                    value={row.key}
                    placeholder={keyPlaceholder}
                    onChange={(event) => update(index, { key: event.target.value })}
                    className={look}
                  />
                  <input
                    aria-label={`${valueLabel} ${index + 1}`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={described}
                    value={row.value}
                    placeholder={valuePlaceholder}
                    onChange={(event) => update(index, { value: event.target.value })}
                    className={look}
                  />
                  <Button
                    variant="ghost"
                    aria-label={`Remove ${itemLabel} ${index + 1}`}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    Remove
                  </Button>
                </div>
                {problem && (
                  <p id={described} className="mt-1 text-xs font-medium text-red-600">
                    {problem}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      )}
      <Button
        variant="secondary"
        className="mt-2"
        onClick={() => onChange([...rows, { key: "", value: "" }])}
      >
        {addLabel}
      </Button>
    </fieldset>
  );
}
