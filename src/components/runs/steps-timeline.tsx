"use client";

import { Fragment, useState } from "react";
import type { z } from "zod";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Duration } from "@/components/ui/duration";
import { EmptyState } from "@/components/ui/empty-state";
import { JsonView } from "@/components/ui/json-view";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { runDetailOut } from "@/domain/runs/schemas";
import { RunError } from "./run-error";

type Run = z.output<typeof runDetailOut>;
type Step = Run["steps"][number];

const ops: Record<string, string> = { StepRun: "run", StepFailed: "run", Sleep: "sleep" };

/**
 * A run's steps in the order they ran, each with a bar placing it on the run's time line (the
 * waterfall of Inngest's run view), then what the run still waits on.
 */
export function StepsTimeline({ run }: { run: Run }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (run.steps.length === 0 && run.waiting.length === 0) {
    return (
      <EmptyState title="No steps yet">
        {run.endedAt
          ? "This run ended before any step was stored."
          : "Its first step is stored as soon as it finishes."}
      </EmptyState>
    );
  }
  const start = (run.startedAt ?? run.createdAt).getTime();
  const end = Math.max(
    run.endedAt?.getTime() ?? 0,
    ...run.steps.map((step) => step.endedAt.getTime()),
    start + 1,
  );
  const span = end - start;
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table aria-label="Steps">
      <THead>
        <tr>
          <TH>Status</TH>
          <TH>Step</TH>
          <TH>Op</TH>
          <TH className="text-right">Attempts</TH>
          <TH className="text-right">Duration</TH>
          <TH className="w-1/4">Timeline</TH>
          <TH className="text-right">
            <span className="sr-only">Output or error</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {run.steps.map((step) => {
          const expanded = open.has(step.id);
          return (
            <Fragment key={step.id}>
              <TR>
                <TD>
                  <StatusBadge status={step.status} />
                </TD>
                <TD className="font-mono text-xs font-medium">{step.name}</TD>
                <TD className="text-slate-600">{ops[step.op] ?? step.op}</TD>
                <TD className="text-right tabular-nums">{step.attempts}</TD>
                <TD className="text-right">
                  <Duration ms={step.durationMs} />
                </TD>
                <TD>
                  <Waterfall step={step} start={start} span={span} />
                </TD>
                <TD className="text-right">
                  {step.op !== "Sleep" && (
                    <Button
                      variant="ghost"
                      className="relative"
                      aria-expanded={expanded}
                      aria-controls={`step-${step.id}`}
                      onClick={() => toggle(step.id)}
                    >
                      {expanded ? "Hide" : step.error ? "Error" : "Output"}
                      <span className="sr-only">
                        {expanded ? (step.error ? " error" : " output") : ""} of step {step.name}
                      </span>
                    </Button>
                  )}
                </TD>
              </TR>
              {expanded && (
                <tr id={`step-${step.id}`} className="bg-slate-50/50">
                  <td colSpan={7} className="px-4 pt-2 pb-4">
                    {step.error ? (
                      <RunError error={step.error} />
                    ) : (
                      <JsonView value={step.output ?? null} label={`Output of ${step.name}`} />
                    )}
                    <p className="mt-2 text-xs text-slate-500">
                      Started <Time value={step.startedAt} />, stored <Time value={step.endedAt} />.
                    </p>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {run.waiting.map((step) => (
          <TR key={`${step.kind}-${step.name}`} className="text-slate-500">
            <TD>
              <StatusBadge status={step.kind === "sleep" ? "sleeping" : "queued"} />
            </TD>
            <TD className="font-mono text-xs">{step.name}</TD>
            <TD>{step.kind === "sleep" ? "sleep" : "run"}</TD>
            <TD />
            <TD />
            <TD colSpan={2} className="text-xs">
              {step.until ? (
                <>
                  until <Time value={step.until} />
                </>
              ) : (
                "planned, not run yet"
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Waterfall({ step, start, span }: { step: Step; start: number; span: number }) {
  const left = Math.min(Math.max((step.startedAt.getTime() - start) / span, 0), 1);
  const width = Math.max(step.durationMs / span, 0.01);
  return (
    <div className="relative h-2 w-full rounded-full bg-slate-100" aria-hidden>
      <div
        className={
          step.status === "failed"
            ? "absolute h-2 rounded-full bg-red-400"
            : step.op === "Sleep"
              ? "absolute h-2 rounded-full bg-sky-300"
              : "absolute h-2 rounded-full bg-indigo-500"
        }
        style={{ left: `${left * 100}%`, width: `${Math.min(width, 1 - left) * 100}%` }}
      />
    </div>
  );
}
