"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { LinkButton } from "@/components/ui/link-button";
import { ShownOnce } from "@/components/ui/shown-once";
import { CurlExample } from "./curl-example";
import type { SourceOut } from "./form-state";

/** Right after creation: the ingest URL, the secret (this once) and a curl example with it. */
export function SourceCreated({ created }: { created: SourceOut & { secret: string | null } }) {
  return (
    <section
      aria-label="Source created"
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{created.name} is ready</h2>
        <p className="mt-1 text-sm text-slate-500">
          Point the provider at the ingest URL below
          {created.secret ? ", and give it the secret." : "."}
        </p>
      </div>
      <div>
        <div className="text-sm font-medium text-slate-700">Ingest URL</div>
        <div className="mt-1 flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5 font-mono text-sm">
            {created.ingestUrl}
          </code>
          <CopyButton text={created.ingestUrl} label="Copy ingest URL" />
        </div>
      </div>
      {created.secret && (
        <ShownOnce
          label="Secret"
          value={created.secret}
          note="Copy it now: it is shown this once. Later, Reveal secret on the source's page shows it to those allowed to manage the source."
        />
      )}
      <CurlExample source={created} secret={created.secret} />
      <div className="flex gap-2">
        <LinkButton href={`/sources/${created.id}`}>Open source</LinkButton>
        <LinkButton variant="secondary" href="/sources">
          Back to sources
        </LinkButton>
      </div>
    </section>
  );
}
