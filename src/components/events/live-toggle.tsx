"use client";

import { cn } from "@/lib/cn";

/** Whether the list follows new events; a dot that pulses while it does. */
export function LiveToggle({
  live,
  onFirstPage,
  fetching,
  onChange,
}: {
  live: boolean;
  onFirstPage: boolean;
  fetching: boolean;
  onChange: (live: boolean) => void;
}) {
  const following = live && onFirstPage;
  return (
    <div className="flex items-center gap-2">
      <span className="flex items-center gap-1.5 text-xs">
        <span
          aria-hidden
          className={cn(
            "inline-block size-2 rounded-full",
            following ? "bg-emerald-500" : "bg-slate-300",
            following && fetching && "animate-ping",
          )}
        />
        {following ? "Live" : onFirstPage ? "Paused" : "Live on the first page only"}
      </span>
      {onFirstPage && (
        <button
          type="button"
          onClick={() => onChange(!live)}
          className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {live ? "Pause live updates" : "Resume live updates"}
        </button>
      )}
    </div>
  );
}
