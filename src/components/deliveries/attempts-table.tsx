"use client";

import { Fragment, useEffect, useState } from "react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Duration } from "@/components/ui/duration";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { attemptOut } from "@/domain/delivery/schemas";
import { BodyView, HeadersView } from "./message-parts";
import { errorKindLabel, ResponseCode } from "./response-code";

type Attempt = z.output<typeof attemptOut>;

/**
 * Every attempt of a delivery: its number, trigger, response and timing in a row, and its
 * full request and response below it (the newest one open).
 */
export function AttemptsTable({
  attempts,
  url,
  requestBody,
}: {
  attempts: Attempt[];
  url: string;
  requestBody: string;
}) {
  const newest = attempts.at(-1)?.id;
  const [open, setOpen] = useState<Set<string>>(() => new Set(newest ? [newest] : []));
  // A new attempt (after a retry) opens as it arrives.
  useEffect(() => {
    if (newest) setOpen((current) => new Set(current).add(newest));
  }, [newest]);
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table aria-label="Attempts">
      <THead>
        <tr>
          <TH className="w-12">#</TH>
          <TH>Trigger</TH>
          <TH>Response</TH>
          <TH>Error</TH>
          <TH className="text-right">Duration</TH>
          <TH>Started</TH>
          <TH className="text-right">
            <span className="sr-only">Request and response</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {attempts.map((attempt) => {
          const expanded = open.has(attempt.id);
          const panelId = `attempt-${attempt.id}`;
          return (
            <Fragment key={attempt.id}>
              <TR>
                <TD className="font-medium tabular-nums">{attempt.attemptNumber}</TD>
                <TD>{attempt.trigger}</TD>
                <TD>
                  <ResponseCode
                    status={attempt.responseStatus}
                    errorKind={attempt.responseStatus === null ? attempt.errorKind : null}
                  />
                </TD>
                <TD className="max-w-80 text-slate-600">
                  {attempt.errorKind ? (
                    <span className="block truncate" title={attempt.error ?? undefined}>
                      {errorKindLabel(attempt.errorKind)}
                    </span>
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                </TD>
                <TD className="text-right">
                  <Duration ms={attempt.durationMs} />
                </TD>
                <TD className="whitespace-nowrap text-slate-600">
                  <Time value={attempt.startedAt} />
                </TD>
                <TD className="text-right">
                  <Button
                    variant="ghost"
                    className="relative"
                    aria-expanded={expanded}
                    aria-controls={panelId}
                    onClick={() => toggle(attempt.id)}
                  >
                    {expanded ? "Hide" : "Show"}
                    <span className="sr-only">
                      {" "}
                      request and response of attempt {attempt.attemptNumber}
                    </span>
                  </Button>
                </TD>
              </TR>
              {expanded && (
                <tr id={panelId} className="bg-slate-50/50">
                  <td colSpan={7} className="px-4 pt-2 pb-5">
                    <AttemptMessages attempt={attempt} url={url} requestBody={requestBody} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </TBody>
    </Table>
  );
}

function AttemptMessages({
  attempt,
  url,
  requestBody,
}: {
  attempt: Attempt;
  url: string;
  requestBody: string;
}) {
  const n = attempt.attemptNumber;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-label={`Attempt ${n} request`} className="min-w-0 space-y-3">
        <h3 className="text-sm font-semibold text-slate-700">Request</h3>
        <p className="break-all font-mono text-xs text-slate-700">
          <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 font-semibold">POST</span>
          {url}
        </p>
        <HeadersView headers={attempt.requestHeaders} />
        <p className="text-xs text-slate-500">
          The signature header is not kept. The body is the event as sent:
        </p>
        <BodyView text={requestBody} label={`Attempt ${n} request body`} />
      </section>
      <section aria-label={`Attempt ${n} response`} className="min-w-0 space-y-3">
        <h3 className="text-sm font-semibold text-slate-700">Response</h3>
        {attempt.error && (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {attempt.errorKind && (
              <span className="font-medium">{errorKindLabel(attempt.errorKind)}: </span>
            )}
            {attempt.error}
          </p>
        )}
        {attempt.responseStatus === null ? (
          <p className="text-sm text-slate-500">
            No response came back after <Duration ms={attempt.durationMs} />.
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              Answered in <Duration ms={attempt.durationMs} />.
            </p>
            <HeadersView headers={attempt.responseHeaders} />
            <BodyView text={attempt.responseBody} label={`Attempt ${n} response body`} />
          </>
        )}
      </section>
    </div>
  );
}
