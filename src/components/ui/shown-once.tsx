"use client";

import { useId } from "react";
import { cn } from "@/lib/cn";
import { CopyButton } from "./copy-button";

/**
 * A secret, key or link shown once: a read-only field (named by `label`) with a copy button and
 * a warning that it will not be shown again.
 */
export function ShownOnce({
  label,
  value,
  note = "Copy it now: it is not shown again.",
  className,
}: {
  label: string;
  value: string;
  note?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={cn("rounded-md border border-amber-300 bg-amber-50 p-3", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-amber-900">
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-amber-300 bg-white px-3 py-1.5 font-mono text-sm text-slate-900"
        />
        <CopyButton text={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <p className="mt-1.5 text-xs text-amber-800">{note}</p>
    </div>
  );
}
