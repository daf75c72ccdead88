import { CopyButton } from "@/components/ui/copy-button";
import type { EventDetail } from "./types";

type InboundRequest = NonNullable<EventDetail["request"]>;

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

/** The request that carried the event, as stored: headers (secrets redacted at ingest) and body. */
export function InboundRequestView({ request }: { request: InboundRequest }) {
  const headers = Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="min-w-0">
        <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">Headers</h3>
        <dl
          aria-label="Headers"
          className="divide-y divide-slate-100 rounded-md border border-slate-200 font-mono text-xs"
        >
          {headers.map(([name, value]) => (
            <div key={name} className="grid grid-cols-[minmax(8rem,2fr)_3fr] gap-3 px-3 py-1.5">
              <dt className="truncate text-slate-500" title={name}>
                {name}
              </dt>
              <dd
                className={
                  value === "[redacted]" ? "text-amber-700 italic" : "break-all text-slate-800"
                }
              >
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="min-w-0">
        <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">
          Raw body · {request.contentType} · {kib(request.bodyBytes)}
          {request.bodyEncoding === "base64" && " · base64"}
        </h3>
        <section aria-label="Raw body" className="relative">
          <div className="absolute top-2 right-2">
            <CopyButton text={request.body} label="Copy the raw body" />
          </div>
          <pre
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take focus to scroll by keyboard.
            tabIndex={0}
            className="max-h-[28rem] overflow-auto rounded-md bg-slate-900 p-4 pr-20 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100"
          >
            {request.body}
          </pre>
        </section>
        {request.bodyTruncated && (
          <p className="mt-1 text-xs text-slate-500">The first 64 KiB are shown.</p>
        )}
      </div>
    </div>
  );
}
