import type { ReactNode } from "react";
import { Time } from "@/components/ui/time";
import { describeScheme } from "@/domain/sources/curl-example";
import type { SourceOut } from "./form-state";
import { schemeLabels } from "./scheme";

const none = <span className="text-slate-400">—</span>;
const code = (text: string) => <code className="font-mono text-xs">{text}</code>;
const paths = (list: string[]) =>
  list.length ? <span className="font-mono text-xs">{list.join(", ")}</span> : none;

function bytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/** Every setting of a source, in words. */
export function SourceSettings({ source }: { source: SourceOut }) {
  const { verification: v, eventType, subject, idempotency } = source;
  const rows: [string, ReactNode][] = [
    [
      "Verification",
      <>
        <div>{schemeLabels[v.scheme]}</div>
        {v.scheme !== "none" && <div className="text-xs text-slate-500">{describeScheme(v)}</div>}
      </>,
    ],
    ["Secret", v.scheme === "none" ? none : v.hasSecret ? "Set" : "Missing"],
    [
      "Event type",
      "fixed" in eventType ? (
        code(eventType.fixed)
      ) : (
        <>
          {eventType.from === "path" ? "Path " : "Header "}
          {code(eventType.from === "path" ? eventType.path : eventType.header)}
        </>
      ),
    ],
    [
      "Subject",
      !subject ? (
        none
      ) : subject.from === "url" ? (
        "From the URL"
      ) : (
        <>
          {subject.from === "path" ? "Path " : "Header "}
          {code(subject.from === "path" ? subject.path : subject.header)}
        </>
      ),
    ],
    [
      "Idempotency",
      idempotency.from === "body" ? (
        "Hash of the body"
      ) : idempotency.from === "header" ? (
        <>Header {code(idempotency.header)}</>
      ) : (
        <>Paths {paths(idempotency.paths)}</>
      ),
    ],
    ["Required", paths(source.required)],
    ["Timestamps", paths(source.timestamps)],
    [
      "Batches",
      source.batch
        ? `Accepted (a JSON array of at most ${source.maxBatchItems.toLocaleString("en")} items)`
        : "One object per request",
    ],
    ["Max body size", bytes(source.maxBodyBytes)],
    [
      "Rate limit",
      source.rateLimit ? `${source.rateLimit.limit} per ${source.rateLimit.period}` : "None",
    ],
    [
      "Enrichment",
      source.enrichment ? (
        <>
          <div className="break-all font-mono text-xs">{source.enrichment.url}</div>
          <div className="text-xs text-slate-500">timeout {source.enrichment.timeoutMs} ms</div>
        </>
      ) : (
        none
      ),
    ],
    ["Tracking", source.tracking ? "On" : "Off"],
    ["Created", <Time key="c" value={source.createdAt} />],
    ["Updated", <Time key="u" value={source.updatedAt} />],
  ];
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="grid grid-cols-[7.5rem_1fr] gap-3 py-2">
          <dt className="text-slate-500">{term}</dt>
          <dd className="min-w-0 text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
