import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { cn } from "@/lib/cn";

const control =
  "mt-1 block w-full rounded-md border bg-white px-3 py-1.5 text-sm shadow-sm focus:outline-none focus:ring-1 disabled:bg-slate-50 disabled:text-slate-500";
const tone = (error?: string | null) =>
  error
    ? "border-red-400 focus:border-red-500 focus:ring-red-500"
    : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500";

interface Described {
  label: string;
  /** What to type, under the control. */
  hint?: ReactNode;
  /** The server's word on this field, under the control, announced. */
  error?: string | null;
}

/** The label, the control, then its hint and error, tied to it for screen readers. */
function Frame({
  id,
  label,
  hint,
  error,
  className,
  children,
}: Described & { id: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, { hint, error }: Described) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

export function TextControl({
  label,
  hint,
  error,
  className,
  mono = false,
  ...props
}: Described &
  InputHTMLAttributes<HTMLInputElement> & {
    /** Code-like text: paths, headers. */ mono?: boolean;
  }) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        className={cn(control, tone(error), mono && "font-mono")}
        {...props}
      />
    </Frame>
  );
}

export function SelectControl({
  label,
  hint,
  error,
  className,
  children,
  ...props
}: Described & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} className={className}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        className={cn(control, tone(error), "pr-8")}
        {...props}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A checkbox with its label beside it and a hint below. */
export function CheckboxControl({
  label,
  hint,
  className,
  ...props
}: Omit<Described, "error"> & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={cn("flex items-start gap-2", className)}>
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
        {...props}
      />
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-700">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
