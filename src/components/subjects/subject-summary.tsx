import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Fact as Item } from "@/components/ui/facts";
import { Time } from "@/components/ui/time";
import { SubjectProgress } from "./subject-progress";
import { SubjectOpenness, UpdatedBy } from "./subject-state";
import type { SubjectDetail } from "./types";

/** The subject at a glance (its key is the page's title): where it stands, and since when. */
export function SubjectSummary({ subject }: { subject: SubjectDetail }) {
  return (
    <section
      aria-label="Summary"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
        <Item label="Status">
          {subject.status ? (
            <StatusBadge status={subject.status} />
          ) : (
            <span className="text-slate-500">None yet</span>
          )}
        </Item>
        <Item label="State">
          <SubjectOpenness
            terminal={subject.terminal}
            terminalAt={subject.terminalAt}
            status={subject.status}
          />
        </Item>
        <Item label="Progress">
          <SubjectProgress value={subject.progress} />
        </Item>
        <Item label="Updated by">
          <UpdatedBy by={subject.updatedBy} />
        </Item>
        <Item label="Events">{subject.timeline.length}</Item>
        <Item label="Last event">
          <Time value={subject.lastEventAt} />
        </Item>
        <Item label="First seen">
          <Time value={subject.createdAt} />
        </Item>
        <Item label="Groups">
          {subject.groups.length === 0 ? (
            <span className="text-slate-500">—</span>
          ) : (
            <span className="flex flex-wrap gap-1">
              {subject.groups.map((group) => (
                <code
                  key={group}
                  className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700"
                >
                  {group}
                </code>
              ))}
            </span>
          )}
        </Item>
      </dl>
    </section>
  );
}

/** When the provider is next asked about this subject, and how the last ask went. */
export function SubjectPolling({ subject }: { subject: SubjectDetail }) {
  const rows: [string, ReactNode][] = [];
  if (subject.nextPollAt) rows.push(["Next poll", <Time key="n" value={subject.nextPollAt} />]);
  if (subject.lastPolledAt)
    rows.push(["Last polled", <Time key="l" value={subject.lastPolledAt} />]);
  if (subject.pollFailures > 0)
    rows.push(["Failures", <span key="f">{subject.pollFailures} in a row</span>]);
  if (subject.lastPollError)
    rows.push([
      "Last error",
      <span key="e" className="break-words font-mono text-xs text-red-700">
        {subject.lastPollError}
      </span>,
    ]);
  return <Facts rows={rows} />;
}

/** A subject's searchable fields: what the list filters with field.<name>=<value>. */
export function SubjectFields({ fields }: { fields: Record<string, string> }) {
  return (
    <Facts
      rows={Object.entries(fields).map(([name, value]) => [
        name,
        <span key={name} className="break-all font-mono text-xs">
          {value}
        </span>,
      ])}
      mono
    />
  );
}

function Facts({ rows, mono = false }: { rows: [string, ReactNode][]; mono?: boolean }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="grid grid-cols-[8rem_1fr] gap-3 py-2">
          <dt className={mono ? "truncate font-mono text-xs text-slate-500" : "text-slate-500"}>
            {term}
          </dt>
          <dd className="min-w-0 text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether the subject's page has anything to say about polling. */
export const hasPolling = (subject: SubjectDetail) =>
  subject.nextPollAt !== null ||
  subject.lastPolledAt !== null ||
  subject.pollFailures > 0 ||
  subject.lastPollError !== null;
