"use client";

import Link from "next/link";
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { windowWords } from "./filters";
import { formatCompact, formatCount } from "./format";
import type { Overview } from "./types";

// The console's status colours (badge.tsx): green for delivered, red for failed.
const colours = { events: "#6366f1", succeeded: "#10b981", failed: "#ef4444", grid: "#e2e8f0" };
const axisTick = { fill: "#64748b", fontSize: 12 };
const link = "font-medium text-indigo-700 hover:underline";

type Point = Overview["series"][number];

/** Tick and tooltip labels in the reader's zone: times for a day or less, dates beyond. */
function timeLabels(stepMs: number) {
  const short = new Intl.DateTimeFormat(
    undefined,
    stepMs <= 60 * 60_000
      ? { hour: "2-digit", minute: "2-digit" }
      : { month: "short", day: "numeric", hour: stepMs < 6 * 60 * 60_000 ? "2-digit" : undefined },
  );
  const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return {
    tick: (at: number) => short.format(at),
    tooltip: (at: number) => {
      const end = new Date(at + stepMs);
      return `${full.format(at)} – ${end.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
    },
  };
}

/** A chart with its title and a sentence saying what it shows, for those who cannot see it. */
function ChartFigure({
  title,
  summary,
  legend,
  empty,
  children,
}: {
  title: string;
  summary: string;
  legend: { label: string; colour: string }[];
  /** What to say over the chart when it has nothing to show. */
  empty?: React.ReactNode;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <figcaption id={`${id}-title`} className="text-sm font-medium text-slate-700">
          {title}
        </figcaption>
        <ul className="flex gap-3 text-xs text-slate-500">
          {legend.map((item) => (
            <li key={item.label} className="flex items-center gap-1.5">
              <span
                aria-hidden
                className="inline-block size-2.5 rounded-sm"
                style={{ backgroundColor: item.colour }}
              />
              {item.label}
            </li>
          ))}
        </ul>
      </div>
      <p id={`${id}-summary`} className="sr-only">
        {summary}
      </p>
      <div className="relative">
        {children}
        {empty && (
          <div className="absolute inset-0 flex items-center justify-center">
            <p className="max-w-xs rounded-md bg-white/90 px-4 py-3 text-center text-sm text-slate-500 shadow-sm ring-1 ring-slate-200">
              {empty}
            </p>
          </div>
        )}
      </div>
    </figure>
  );
}

function chartData(series: Point[]) {
  return series.map((point) => ({ ...point, at: new Date(point.at).getTime() }));
}

const peak = (series: Point[], of: (p: Point) => number) =>
  series.reduce((max, p) => Math.max(max, of(p)), 0);

/** Events in, and deliveries succeeded and failed, per step of the window. */
export function TrafficCharts({ data }: { data: Overview }) {
  const points = chartData(data.series);
  const labels = timeLabels(data.stepMs);
  const words = windowWords(data.window);
  const succeeded = data.series.reduce((n, p) => n + p.succeeded, 0);
  const failed = data.series.reduce((n, p) => n + p.failed, 0);
  const empty = data.totals.eventsIn === 0 && data.totals.deliveriesOut === 0;
  if (empty) {
    return (
      <EmptyState title={`Nothing received or delivered in ${words}`}>
        Post a webhook to one of your{" "}
        <Link href="/sources" className={link}>
          sources
        </Link>{" "}
        or publish an event with <code>POST /api/v1/events</code>; it shows here within a minute. A
        longer window may show older traffic.
      </EmptyState>
    );
  }
  const shared = {
    data: points,
    responsive: true,
    syncId: "traffic",
    margin: { top: 4, right: 4, bottom: 0, left: 0 },
    style: { width: "100%", height: 220 },
  };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke={colours.grid} />
      <XAxis
        dataKey="at"
        tickFormatter={labels.tick}
        tick={axisTick}
        tickLine={false}
        axisLine={{ stroke: colours.grid }}
        minTickGap={24}
      />
      <YAxis
        allowDecimals={false}
        tickFormatter={formatCompact}
        tick={axisTick}
        tickLine={false}
        axisLine={false}
        width={44}
      />
      <Tooltip
        labelFormatter={(at) => labels.tooltip(Number(at))}
        formatter={(value, name) => [formatCount(Number(value)), name]}
        cursor={{ fill: "#f1f5f9" }}
      />
    </>
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartFigure
        title="Events in"
        summary={`${formatCount(data.totals.eventsIn)} events received in ${words}, at most ${formatCount(peak(data.series, (p) => p.eventsIn))} in one step.`}
        legend={[{ label: "Received", colour: colours.events }]}
        empty={data.totals.eventsIn === 0 && `No event received in ${words}.`}
      >
        <BarChart {...shared}>
          {axes}
          <Bar dataKey="eventsIn" name="Received" fill={colours.events} isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
      <ChartFigure
        title="Deliveries out"
        summary={`${formatCount(succeeded)} deliveries succeeded and ${formatCount(failed)} failed in ${words}.`}
        legend={[
          { label: "Succeeded", colour: colours.succeeded },
          { label: "Failed", colour: colours.failed },
        ]}
        empty={
          data.totals.deliveriesOut > 0 ? undefined : data.endpoints === 0 ? (
            <>
              No endpoints to deliver to yet.{" "}
              <Link href="/endpoints" className={link}>
                Add an endpoint
              </Link>{" "}
              to send these events on.
            </>
          ) : (
            `No delivery ended in ${words}.`
          )
        }
      >
        <BarChart {...shared}>
          {axes}
          <Bar
            dataKey="succeeded"
            name="Succeeded"
            stackId="deliveries"
            fill={colours.succeeded}
            isAnimationActive={false}
          />
          <Bar
            dataKey="failed"
            name="Failed"
            stackId="deliveries"
            fill={colours.failed}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartFigure>
    </div>
  );
}

export function TrafficChartsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {["in", "out"].map((key) => (
        <div key={key} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="mt-4 h-[220px] w-full" />
        </div>
      ))}
    </div>
  );
}
