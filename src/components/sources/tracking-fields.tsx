"use client";

import { useState } from "react";
import { KeyValueRows } from "@/components/endpoints/key-value-rows";
import { StatusBadge } from "@/components/ui/badge";
import { CheckboxControl, TextControl } from "@/components/ui/form-controls";
import type { SourceFormState } from "./form-state";
import { PollFields } from "./poll-fields";
import { TrackingPreview } from "./tracking-preview";
import { trackingSample } from "./tracking-sample";
import { type TrackingFormState, terminalStatuses, trackingErrors } from "./tracking-state";

/**
 * A source's tracking rule: where each event carries its subject's status (and progress,
 * result, error, searchable fields), which statuses close it, and how a silent one is polled;
 * with a live preview of what a sample webhook maps to.
 */
export function TrackingFields({
  state,
  set,
  paths,
}: {
  state: SourceFormState;
  set: (patch: Partial<TrackingFormState>) => void;
  /** The server's messages by dotted path ("tracking.poll.url"). */
  paths: Record<string, string>;
}) {
  const tracking = state.tracking;
  // null: the sample follows the paths; once the person types one, it is theirs.
  const [ownSample, setOwnSample] = useState<string | null>(null);
  const errors = trackingErrors(paths);
  const statuses = terminalStatuses(tracking.terminal);
  const sectionError = errors.exact("tracking") ?? errors.exact("tracking.poll");
  return (
    <div className="space-y-4">
      <CheckboxControl
        label="Track subjects' state"
        hint="Each event moves its subject's status, progress and result, shown on the subject's page and read with GET /api/v1/subjects/{key}."
        checked={tracking.enabled}
        onChange={(event) => set({ enabled: event.target.checked })}
      />
      {sectionError && <p className="text-xs font-medium text-red-600">{sectionError}</p>}
      {tracking.enabled && state.subjectFrom === "none" && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Events need a subject to be tracked: choose where it comes from under{" "}
          <span className="font-medium">Reading requests</span>.
        </p>
      )}
      {tracking.enabled && (
        <>
          <div className="grid grid-cols-2 gap-4">
            <TextControl
              label="Status path"
              value={tracking.status}
              error={errors.at("tracking.status")}
              required
              mono
              placeholder="status"
              hint="Where each event carries the subject's status (required)."
              onChange={(event) => set({ status: event.target.value })}
            />
            <TextControl
              label="Terminal statuses"
              value={tracking.terminal}
              error={errors.at("tracking.terminal")}
              placeholder="completed, failed"
              hint={
                statuses.length === 0 ? (
                  "Comma separated. None: no status closes a subject."
                ) : (
                  <span className="flex flex-wrap items-center gap-1">
                    Comma separated; these close the subject:
                    {statuses.map((status) => (
                      <StatusBadge key={status} status={status} />
                    ))}
                  </span>
                )
              }
              onChange={(event) => set({ terminal: event.target.value })}
            />
            <div className="col-span-2 grid grid-cols-3 gap-4">
              <TextControl
                label="Progress path"
                value={tracking.progress}
                error={errors.at("tracking.progress")}
                placeholder="progress"
                hint="Optional. A number: 42, or 42%."
                mono
                onChange={(event) => set({ progress: event.target.value })}
              />
              <TextControl
                label="Result path"
                value={tracking.result}
                error={errors.at("tracking.result")}
                placeholder="result"
                hint="Optional. Any JSON: the outcome."
                mono
                onChange={(event) => set({ result: event.target.value })}
              />
              <TextControl
                label="Error path"
                value={tracking.error}
                error={errors.at("tracking.error")}
                placeholder="error"
                hint="Optional. Why it failed."
                mono
                onChange={(event) => set({ error: event.target.value })}
              />
            </div>
            <div className="col-span-2">
              <KeyValueRows
                legend="Searchable fields"
                hint="Kept on the subject to find it by: GET /api/v1/subjects?field.<name>=<value>."
                error={errors.exact("tracking.fields")}
                rows={tracking.fields}
                onChange={(fields) => set({ fields })}
                keyLabel="Field name"
                valueLabel="Field path"
                keyPlaceholder="phone"
                valuePlaceholder="message.call.customer.number"
                itemLabel="field"
                addLabel="Add a field"
                rowError={(row) => errors.exact(`tracking.fields.${row.key.trim()}`)}
              />
            </div>
          </div>
          <PollFields tracking={tracking} set={set} errors={errors} />
          <TrackingPreview
            tracking={tracking}
            sample={ownSample ?? trackingSample(state, tracking)}
            edited={ownSample !== null}
            onSample={setOwnSample}
            onRebuild={() => setOwnSample(null)}
          />
        </>
      )}
    </div>
  );
}
