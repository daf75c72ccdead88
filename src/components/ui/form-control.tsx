import { type ReactNode, useId } from "react";
import { cn } from "@/lib/cn";

/** The look of a text input, select or textarea; `invalid` outlines it in red. */
export function controlClassName(invalid = false, className?: string) {
  return cn(
    "block w-full rounded-md border bg-white px-3 py-1.5 text-sm shadow-sm",
    "focus:outline-none focus:ring-1",
    invalid
      ? "border-red-400 focus:border-red-500 focus:ring-red-500"
      : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500",
    className,
  );
}

export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  className: string;
}

/**
 * A labelled control with a hint and its error beside it: the label names the control, the
 * hint and the error describe it, so screen readers read all three.
 */
export function FormControl({
  label,
  hint,
  error,
  className,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">
        {children({
          id,
          "aria-describedby": described.length ? described.join(" ") : undefined,
          "aria-invalid": error ? true : undefined,
          className: controlClassName(Boolean(error)),
        })}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
