"use client";

import { CheckboxControl, SelectControl, TextControl } from "@/components/ui/form-controls";
import type { SourceFormState } from "./form-state";

type Set = (patch: Partial<SourceFormState>) => void;
type Errors = Record<string, string>;

/** How a request is read: event type, subject, idempotency key. */
export function ReadingFields({
  state,
  set,
  errors,
}: {
  state: SourceFormState;
  set: Set;
  errors: Errors;
}) {
  return (
    <div className="grid grid-cols-2 gap-4">
      <SelectControl
        label="Event type from"
        value={state.eventTypeFrom}
        onChange={(event) =>
          set({
            eventTypeFrom: event.target.value as SourceFormState["eventTypeFrom"],
            eventTypeValue: { fixed: "webhook.received", path: "type", header: "x-event-type" }[
              event.target.value as SourceFormState["eventTypeFrom"]
            ],
          })
        }
      >
        <option value="fixed">A fixed type</option>
        <option value="path">A JSON path in the body</option>
        <option value="header">A header</option>
      </SelectControl>
      <TextControl
        label={
          { fixed: "Event type", path: "Event type path", header: "Event type header" }[
            state.eventTypeFrom
          ]
        }
        value={state.eventTypeValue}
        error={errors.eventType}
        mono
        onChange={(event) => set({ eventTypeValue: event.target.value })}
      />

      <SelectControl
        label="Subject from"
        value={state.subjectFrom}
        hint="What an event is about (a call, an order): its events form a timeline."
        onChange={(event) =>
          set({ subjectFrom: event.target.value as SourceFormState["subjectFrom"] })
        }
      >
        <option value="none">No subject</option>
        <option value="path">A JSON path in the body</option>
        <option value="header">A header</option>
        <option value="url">The URL: /api/webhooks/slug/subject</option>
      </SelectControl>
      {state.subjectFrom === "path" || state.subjectFrom === "header" ? (
        <TextControl
          label={state.subjectFrom === "path" ? "Subject path" : "Subject header"}
          value={state.subjectValue}
          error={errors.subject}
          placeholder={state.subjectFrom === "path" ? "message.call.id" : "x-subject"}
          mono
          onChange={(event) => set({ subjectValue: event.target.value })}
        />
      ) : (
        <div>{errors.subject && <p className="text-xs text-red-700">{errors.subject}</p>}</div>
      )}

      <SelectControl
        label="Idempotency key from"
        value={state.idempotencyFrom}
        hint="A repeated key is acknowledged as a duplicate, never processed twice."
        onChange={(event) =>
          set({ idempotencyFrom: event.target.value as SourceFormState["idempotencyFrom"] })
        }
      >
        <option value="body">A hash of the body</option>
        <option value="header">A header</option>
        <option value="paths">JSON paths in the body</option>
      </SelectControl>
      {state.idempotencyFrom === "header" && (
        <TextControl
          label="Idempotency header"
          value={state.idempotencyHeader}
          error={errors.idempotency}
          mono
          onChange={(event) => set({ idempotencyHeader: event.target.value })}
        />
      )}
      {state.idempotencyFrom === "paths" && (
        <TextControl
          label="Idempotency paths"
          value={state.idempotencyPaths}
          error={errors.idempotency}
          placeholder="lead_id, updated_at"
          hint="Comma separated: together they identify an event."
          mono
          onChange={(event) => set({ idempotencyPaths: event.target.value })}
        />
      )}
    </div>
  );
}

/** What each item must carry, and the limits on a request. */
export function CheckFields({
  state,
  set,
  errors,
}: {
  state: SourceFormState;
  set: Set;
  errors: Errors;
}) {
  return (
    <div className="grid grid-cols-2 gap-4">
      <TextControl
        label="Required paths"
        value={state.required}
        error={errors.required}
        placeholder="lead_id, updated_at"
        hint="Comma separated; an item missing one is rejected with the reason."
        mono
        onChange={(event) => set({ required: event.target.value })}
      />
      <TextControl
        label="Timestamp paths"
        value={state.timestamps}
        error={errors.timestamps}
        placeholder="updated_at"
        hint="Comma separated; each must be an ISO-8601 time."
        mono
        onChange={(event) => set({ timestamps: event.target.value })}
      />
      <TextControl
        label="Max body size (KiB)"
        type="number"
        min={1}
        value={state.maxBodyKiB}
        error={errors.maxBodyBytes}
        hint="Bigger requests are refused with 413. At most 10240 KiB."
        onChange={(event) => set({ maxBodyKiB: event.target.value })}
      />
      <div className="grid grid-cols-2 gap-2">
        <TextControl
          label="Rate limit"
          type="number"
          min={1}
          value={state.rateLimit}
          error={errors.rateLimit}
          placeholder="No limit"
          hint="Requests; over it: 429."
          onChange={(event) => set({ rateLimit: event.target.value })}
        />
        <SelectControl
          label="Per"
          value={state.ratePeriod}
          onChange={(event) => set({ ratePeriod: event.target.value })}
        >
          <option value="1s">second</option>
          <option value="1m">minute</option>
          <option value="1h">hour</option>
        </SelectControl>
      </div>
      <CheckboxControl
        label="Accept batches"
        hint="The body may be a JSON array of events; each item becomes an event."
        checked={state.batch}
        onChange={(event) => set({ batch: event.target.checked })}
        className="col-span-2"
      />
    </div>
  );
}

/** An HTTP service that adds data to each event after the 2xx. */
export function EnrichmentFields({
  state,
  set,
  errors,
}: {
  state: SourceFormState;
  set: Set;
  errors: Errors;
}) {
  return (
    <div className="grid grid-cols-3 gap-4">
      <TextControl
        label="Enrichment URL"
        type="url"
        className="col-span-2"
        value={state.enrichmentUrl}
        error={errors.enrichment}
        placeholder="https://enrich.example.com/leads"
        hint="Optional. Each event is POSTed here after it is stored; the answer is kept beside it."
        onChange={(event) => set({ enrichmentUrl: event.target.value })}
      />
      <TextControl
        label="Enrichment timeout (ms)"
        type="number"
        min={100}
        value={state.enrichmentTimeoutMs}
        disabled={!state.enrichmentUrl.trim()}
        onChange={(event) => set({ enrichmentTimeoutMs: event.target.value })}
      />
    </div>
  );
}
