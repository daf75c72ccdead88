import type { z } from "zod";
import type { runErrorOut } from "@/domain/runs/schemas";

/** What a run or a step threw: its message, and the stack behind a disclosure. */
export function RunError({
  error,
  title,
}: {
  error: z.output<typeof runErrorOut>;
  title?: string;
}) {
  return (
    <div className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {title && <p className="mb-1 font-semibold">{title}</p>}
      <p className="break-words">
        {error.name && error.name !== "Error" && (
          <span className="font-medium">{error.name}: </span>
        )}
        {error.message}
      </p>
      {error.stack && (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-red-700">Stack trace</summary>
          <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap font-mono text-xs text-red-900">
            {error.stack}
          </pre>
        </details>
      )}
    </div>
  );
}
