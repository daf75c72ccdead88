import { Prisma } from "@/generated/prisma/client";
import { millisecondsInterval } from "@/lib/db/sql-interval";
import type { StatsWindow } from "./schemas";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The windows stats are read over, and the width of one point of their charts. */
export const statsWindows = {
  "1h": { ms: HOUR, stepMs: MINUTE },
  // Hourly: a day of minute rows is thousands of rows per endpoint, a day of hour rows 24.
  "24h": { ms: 24 * HOUR, stepMs: HOUR },
  "7d": { ms: 7 * 24 * HOUR, stepMs: 2 * HOUR },
  "30d": { ms: 30 * 24 * HOUR, stepMs: 6 * HOUR },
} as const;

/** A window as rollups read it: from a whole minute until now. */
export interface Bounds {
  from: Date;
  to: Date;
  /** The first whole hour in the window: hour rows count from here, minute rows before. */
  hourFrom: Date;
  stepMs: number;
}

export function boundsOf(window: StatsWindow, now = new Date()): Bounds {
  const { ms, stepMs } = statsWindows[window];
  const from = new Date(Math.floor((now.getTime() - ms) / MINUTE) * MINUTE);
  const hourFrom = new Date(Math.ceil(from.getTime() / HOUR) * HOUR);
  return { from, to: now, hourFrom, stepMs };
}

/**
 * The rollup rows that add up to the window exactly, and few of them: minute rows up to the
 * first whole hour, then hour rows (the current hour's row counts until now). Buckets are UTC.
 */
export function coveringRows({ from, hourFrom }: Bounds): Prisma.Sql {
  return Prisma.sql`((grain = 'minute' AND "bucketStart" >= ${from} AND "bucketStart" < ${hourFrom})
    OR (grain = 'hour' AND "bucketStart" >= ${hourFrom}))`;
}

/** The rows a chart is drawn from: minute rows for points under an hour, else as above. */
export function chartRows(bounds: Bounds): Prisma.Sql {
  return bounds.stepMs < HOUR
    ? Prisma.sql`(grain = 'minute' AND "bucketStart" >= ${bounds.from})`
    : coveringRows(bounds);
}

/** A bucket's chart point: its start rounded down to the step, on UTC boundaries. */
export function chartPoint(bounds: Bounds): Prisma.Sql {
  return Prisma.sql`date_bin(${millisecondsInterval(bounds.stepMs)}, "bucketStart", TIMESTAMPTZ 'epoch')`;
}

/** Every point of the window's chart, oldest first, the first one possibly partial. */
export function chartPoints(bounds: Bounds): Date[] {
  const first = Math.floor(bounds.from.getTime() / bounds.stepMs) * bounds.stepMs;
  const points: Date[] = [];
  for (let at = first; at <= bounds.to.getTime(); at += bounds.stepMs) points.push(new Date(at));
  return points;
}

/** A tenant filter (from tenantFilter()) as SQL on a "tenantId" column. */
export function tenantSql(tenant: string | { in: string[] } | undefined): Prisma.Sql {
  if (tenant === undefined) return Prisma.sql`TRUE`;
  if (typeof tenant === "string") return Prisma.sql`"tenantId" = ${tenant}`;
  return Prisma.sql`"tenantId" = ANY(${tenant.in}::text[])`;
}
