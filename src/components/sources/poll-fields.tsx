"use client";

import { KeyValueRows } from "@/components/endpoints/key-value-rows";
import { CheckboxControl, TextControl } from "@/components/ui/form-controls";
import type { TrackingFormState, trackingErrors } from "./tracking-state";

/** How a silent subject is polled: the provider's status URL, when, and how its answer reads. */
export function PollFields({
  tracking,
  set,
  errors,
}: {
  tracking: TrackingFormState;
  set: (patch: Partial<TrackingFormState>) => void;
  errors: ReturnType<typeof trackingErrors>;
}) {
  return (
    <div className="space-y-4">
      <CheckboxControl
        label="Poll the provider when a subject is silent"
        hint="For lost callbacks: an open subject with no event for a while is looked up at the provider's status API; the answer goes on its timeline as a poll event."
        checked={tracking.polling}
        onChange={(event) => set({ polling: event.target.checked })}
      />
      {tracking.polling && (
        <div className="grid grid-cols-3 gap-4 rounded-md border border-slate-200 p-4">
          <TextControl
            label="Poll URL"
            type="url"
            className="col-span-3"
            value={tracking.pollUrl}
            error={errors.at("tracking.poll.url")}
            required
            mono
            placeholder="https://api.provider.example/jobs/{subject}"
            hint="{subject} becomes the subject's key, URL-encoded. Asked with GET."
            onChange={(event) => set({ pollUrl: event.target.value })}
          />
          <TextControl
            label="Poll after"
            value={tracking.pollAfter}
            error={errors.at("tracking.poll.after")}
            placeholder="5m"
            hint="Silent this long: first poll."
            mono
            onChange={(event) => set({ pollAfter: event.target.value })}
          />
          <TextControl
            label="Poll every"
            value={tracking.pollEvery}
            error={errors.at("tracking.poll.every")}
            placeholder="1m"
            hint="Then again, until it is terminal."
            mono
            onChange={(event) => set({ pollEvery: event.target.value })}
          />
          <TextControl
            label="Poll timeout (ms)"
            type="number"
            min={100}
            value={tracking.pollTimeoutMs}
            error={errors.at("tracking.poll.timeoutMs")}
            hint="100 to 60000."
            onChange={(event) => set({ pollTimeoutMs: event.target.value })}
          />
          <div className="col-span-3">
            <KeyValueRows
              legend="Poll headers"
              hint="Sent with each poll: the provider's API key, for instance. Stored sealed; a saved value shows as ******** and is kept unless you replace it."
              error={errors.exact("tracking.poll.headers")}
              rows={tracking.pollHeaders}
              onChange={(pollHeaders) => set({ pollHeaders })}
              keyLabel="Poll header name"
              valueLabel="Poll header value"
              keyPlaceholder="authorization"
              valuePlaceholder="Bearer …"
              itemLabel="poll header"
              addLabel="Add a header"
              rowError={(row) =>
                errors.exact(`tracking.poll.headers.${row.key.trim().toLowerCase()}`) ??
                errors.exact(`tracking.poll.headers.${row.key.trim()}`)
              }
            />
          </div>
          <div className="col-span-3 grid grid-cols-4 gap-4">
            <TextControl
              label="Poll status path"
              value={tracking.pollStatus}
              error={errors.at("tracking.poll.status")}
              required
              mono
              placeholder="status"
              hint="In the answer. Required."
              onChange={(event) => set({ pollStatus: event.target.value })}
            />
            <TextControl
              label="Poll progress path"
              value={tracking.pollProgress}
              error={errors.at("tracking.poll.progress")}
              placeholder="progress"
              mono
              onChange={(event) => set({ pollProgress: event.target.value })}
            />
            <TextControl
              label="Poll result path"
              value={tracking.pollResult}
              error={errors.at("tracking.poll.result")}
              placeholder="output"
              mono
              onChange={(event) => set({ pollResult: event.target.value })}
            />
            <TextControl
              label="Poll error path"
              value={tracking.pollError}
              error={errors.at("tracking.poll.error")}
              placeholder="error"
              mono
              onChange={(event) => set({ pollError: event.target.value })}
            />
          </div>
        </div>
      )}
    </div>
  );
}
