import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { FactRow } from "@/components/ui/facts";
import type { TrackingRule } from "@/domain/subjects/tracking-rule";

const none = <span className="text-slate-500">—</span>;
const path = (text: string | undefined) =>
  text ? <code className="font-mono text-xs">{text}</code> : none;

/** A source's tracking rule, read-only and compact. Poll header values stay hidden. */
export function TrackingSummary({ rule, sourceId }: { rule: TrackingRule; sourceId: string }) {
  const fields = Object.entries(rule.fields);
  const { poll } = rule;
  const read = poll
    ? (
        [
          ["status", poll.status],
          ["progress", poll.progress],
          ["result", poll.result],
          ["error", poll.error],
        ] as const
      ).filter(([, at]) => at)
    : [];
  return (
    <>
      <dl className="divide-y divide-slate-100 text-sm">
        <FactRow term="Status">{path(rule.status)}</FactRow>
        <FactRow term="Terminal">
          {rule.terminal.length ? (
            <span className="flex flex-wrap gap-1">
              {rule.terminal.map((status) => (
                <StatusBadge key={status} status={status} />
              ))}
            </span>
          ) : (
            <span className="text-slate-500">No status closes a subject</span>
          )}
        </FactRow>
        <FactRow term="Progress">{path(rule.progress)}</FactRow>
        <FactRow term="Result">{path(rule.result)}</FactRow>
        <FactRow term="Error">{path(rule.error)}</FactRow>
        <FactRow term="Fields">
          {fields.length ? (
            <ul className="space-y-0.5">
              {fields.map(([name, at]) => (
                <li key={name} className="font-mono text-xs">
                  {name} <span className="text-slate-500">←</span> {at}
                </li>
              ))}
            </ul>
          ) : (
            none
          )}
        </FactRow>
        <FactRow term="Polling">
          {poll ? (
            <>
              <div className="break-all font-mono text-xs">{poll.url}</div>
              <div className="text-xs text-slate-500">
                after {poll.after} silent, then every {poll.every}
              </div>
              <div className="text-xs text-slate-500">
                reads{" "}
                {read.map(([what, at], i) => (
                  <span key={what}>
                    {i > 0 && ", "}
                    {what} <code className="font-mono">{at}</code>
                  </span>
                ))}
              </div>
              {Object.keys(poll.headers).length > 0 && (
                <div className="text-xs text-slate-500">
                  sends {Object.keys(poll.headers).join(", ")}
                </div>
              )}
            </>
          ) : (
            <span className="text-slate-500">Off</span>
          )}
        </FactRow>
      </dl>
      <Link
        href={`/subjects?sourceId=${encodeURIComponent(sourceId)}`}
        className="mt-2 inline-block text-sm font-medium text-indigo-700 hover:underline"
      >
        Its subjects
      </Link>
    </>
  );
}
