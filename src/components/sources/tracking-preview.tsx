"use client";

import type { ReactNode } from "react";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FactRow } from "@/components/ui/facts";
import { FormControl } from "@/components/ui/form-control";
import { JsonView } from "@/components/ui/json-view";
import { applyObservation, observe, type SubjectState } from "@/domain/subjects/subject-state";
import { cn } from "@/lib/cn";
import { SubjectProgress } from "../subjects/subject-progress";
import { type TrackingFormState, terminalStatuses } from "./tracking-state";

const fresh: SubjectState = {
  status: null,
  terminal: false,
  progress: null,
  result: null,
  error: null,
  fields: {},
  updatedBy: null,
};

type Reading =
  | { problem: "json"; message: string }
  | { problem: "status" }
  | { problem: null; state: SubjectState; batch: boolean; statusFound: boolean };

/** The sample read with the rule, by the same pure functions ingest uses. */
function read(tracking: TrackingFormState, sample: string): Reading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sample);
  } catch (error) {
    return { problem: "json", message: (error as Error).message };
  }
  if (!tracking.status.trim()) return { problem: "status" };
  const batch = Array.isArray(parsed);
  const payload = batch ? (parsed as unknown[])[0] : parsed;
  const observation = observe(
    {
      status: tracking.status.trim(),
      progress: tracking.progress.trim() || undefined,
      result: tracking.result.trim() || undefined,
      error: tracking.error.trim() || undefined,
      fields: Object.fromEntries(
        tracking.fields.filter((row) => row.key.trim()).map((row) => [row.key.trim(), row.value]),
      ),
    },
    payload,
  );
  const verdict = applyObservation(
    fresh,
    observation,
    terminalStatuses(tracking.terminal),
    "webhook",
  );
  return { problem: null, state: verdict.state, batch, statusFound: observation.status !== null };
}

/**
 * A sample webhook beside what it maps to (status, terminal, progress, result, error, fields),
 * recomputed as the rule or the sample changes. The sample is not saved.
 */
export function TrackingPreview({
  tracking,
  sample,
  edited,
  onSample,
  onRebuild,
}: {
  tracking: TrackingFormState;
  sample: string;
  /** The person typed their own sample (it no longer follows the paths). */
  edited: boolean;
  onSample: (text: string) => void;
  onRebuild: () => void;
}) {
  const reading = read(tracking, sample);
  return (
    <div className="grid grid-cols-2 gap-4 rounded-md border border-slate-200 bg-slate-50 p-4">
      <div>
        <FormControl
          label="Sample payload"
          error={reading.problem === "json" ? `Not valid JSON: ${reading.message}` : null}
          hint={
            edited
              ? "Your own sample; it is not saved."
              : "Built from the paths above; paste a real webhook from the provider to check them. Not saved."
          }
        >
          {(control) => (
            <textarea
              {...control}
              className={cn(control.className, "h-72 font-mono text-xs leading-relaxed")}
              spellCheck={false}
              value={sample}
              onChange={(event) => onSample(event.target.value)}
            />
          )}
        </FormControl>
        {edited && (
          <Button variant="secondary" className="mt-2" onClick={onRebuild}>
            Rebuild the sample from the paths
          </Button>
        )}
      </div>
      <section aria-label="Preview" className="min-w-0">
        <h3 className="text-sm font-medium text-slate-700">What it maps to</h3>
        {reading.problem === "json" ? (
          <Note>Fix the sample to see what it maps to.</Note>
        ) : reading.problem === "status" ? (
          <Note>Type a status path to see what this webhook maps to.</Note>
        ) : (
          <Mapped reading={reading} tracking={tracking} />
        )}
      </section>
    </div>
  );
}

function Mapped({
  reading,
  tracking,
}: {
  reading: Extract<Reading, { problem: null }>;
  tracking: TrackingFormState;
}) {
  const { state } = reading;
  const fields = Object.entries(state.fields);
  return (
    <>
      {reading.batch && (
        <p className="mt-1 text-xs text-slate-500">A batch: its first item, as one event.</p>
      )}
      <dl className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white px-3 text-sm">
        <FactRow termWidth="6rem" term="Status">
          {state.status ? (
            <StatusBadge status={state.status} />
          ) : (
            <span className="text-amber-800">
              None at <code className="font-mono text-xs">{tracking.status}</code>: the event would
              leave the status as it is
            </span>
          )}
        </FactRow>
        <FactRow termWidth="6rem" term="Terminal">
          {state.terminal ? "Yes: this closes the subject" : "No: the subject stays open"}
        </FactRow>
        <FactRow termWidth="6rem" term="Progress">
          {state.progress === null ? dash : <SubjectProgress value={state.progress} />}
        </FactRow>
        <FactRow termWidth="6rem" term="Fields">
          {fields.length === 0 ? (
            dash
          ) : (
            <ul className="space-y-0.5">
              {fields.map(([name, value]) => (
                <li key={name} className="font-mono text-xs">
                  <span className="text-slate-500">{name}</span> = {value}
                </li>
              ))}
            </ul>
          )}
        </FactRow>
      </dl>
      <Outcome label="Result" value={state.result} />
      <Outcome label="Error" value={state.error} />
    </>
  );
}

const dash = <span className="text-slate-500">—</span>;

function Outcome({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="mt-3">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      {value === null || value === undefined ? (
        <p className="mt-1 text-sm text-slate-500">None in this sample.</p>
      ) : (
        <JsonView label={`Preview ${label.toLowerCase()}`} value={value} className="mt-1" />
      )}
    </div>
  );
}

function Note({ children }: { children: ReactNode }) {
  return (
    <p className="mt-2 rounded-md border border-dashed border-slate-300 bg-white px-3 py-6 text-center text-sm text-slate-500">
      {children}
    </p>
  );
}
