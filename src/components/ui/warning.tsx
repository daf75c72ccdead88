import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** A risk the person should see before going on (not an error: nothing failed). */
export function Warning({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p
      role="note"
      className={cn(
        "rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900",
        className,
      )}
    >
      {children}
    </p>
  );
}
