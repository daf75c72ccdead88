"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { useTRPC } from "@/trpc/react";

/** The source's secret, fetched only when someone asks for it (and forgotten when hidden). */
export function useSourceSecret(sourceId: string) {
  const trpc = useTRPC();
  const [revealed, setRevealed] = useState(false);
  const query = useQuery({
    ...trpc.sources.secret.queryOptions({ id: sourceId }),
    enabled: revealed,
    staleTime: 0,
    gcTime: 0,
  });
  return {
    revealed,
    setRevealed,
    value: revealed ? (query.data?.secret ?? null) : null,
    pending: revealed && query.isPending,
    error: revealed ? query.error : null,
  };
}

/** The secret, hidden until someone allowed to manage the source asks for it. */
export function SourceSecret({
  secret,
  canReveal,
}: {
  secret: ReturnType<typeof useSourceSecret>;
  canReveal: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Secret
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input
          id={id}
          readOnly
          value={secret.value ?? (secret.pending ? "Loading…" : "••••••••••••••••••••••••")}
          className="block min-w-0 flex-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5 font-mono text-sm"
        />
        {secret.value && <CopyButton text={secret.value} label="Copy secret" />}
        {canReveal && (
          <Button variant="secondary" onClick={() => secret.setRevealed(!secret.revealed)}>
            {secret.revealed ? "Hide secret" : "Reveal secret"}
          </Button>
        )}
      </div>
      {secret.error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {secret.error.message}
        </p>
      )}
      {!canReveal && (
        <p className="mt-1 text-xs text-slate-500">
          Only those who manage this source may see its secret.
        </p>
      )}
    </div>
  );
}
