import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { cn } from "@/lib/cn";
import { FormControl } from "./form-control";

interface Described {
  label: string;
  /** What to type, under the control. */
  hint?: ReactNode;
  /** The server's word on this field, under the control, announced. */
  error?: string | null;
}

// Ready-made controls on FormControl's one frame (label, control, hint, error).

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
  return (
    <FormControl label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <input
          {...control}
          className={cn(
            control.className,
            "disabled:bg-slate-50 disabled:text-slate-500",
            mono && "font-mono",
          )}
          {...props}
        />
      )}
    </FormControl>
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
  return (
    <FormControl label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <select {...control} className={cn(control.className, "pr-8")} {...props}>
          {children}
        </select>
      )}
    </FormControl>
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
