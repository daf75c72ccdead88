"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { curlExample } from "@/domain/sources/curl-example";
import type { SourceOut } from "./form-state";

/** The source's curl example, ready to paste into bash, with a copy button. */
export function CurlExample({ source, secret }: { source: SourceOut; secret: string | null }) {
  const snippet = curlExample(source, source.ingestUrl, secret);
  const hidden = source.verification.scheme !== "none" && secret === null;
  return (
    <section aria-label="curl example" className="space-y-2">
      <div className="flex items-center justify-between gap-4">
        <div>
          <h3 className="text-sm font-medium text-slate-900">Try it with curl</h3>
          <p className="text-xs text-slate-500">
            {hidden
              ? "Reveal the secret to fill it in; the signature is computed with openssl."
              : "Paste it into bash: it posts a sample webhook and prints the answer (HTTP 202)."}
          </p>
        </div>
        <CopyButton text={snippet} label="Copy curl example" />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take focus to scroll by keyboard.
        tabIndex={0}
        className="max-h-80 overflow-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100"
      >
        {snippet}
      </pre>
    </section>
  );
}
