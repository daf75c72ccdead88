import { type ReactNode, useId } from "react";
import { cn } from "@/lib/cn";

/** A titled part of a detail page, named by its heading for screen readers and tests. */
export function Panel({
  title,
  actions,
  className,
  children,
}: {
  title: string;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className={cn("rounded-lg border border-slate-200 bg-white p-5 shadow-sm", className)}
    >
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-slate-700">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
