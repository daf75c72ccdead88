import type { EndpointActivity } from "@/domain/endpoints/schemas";
import { cn } from "@/lib/cn";

type Item = EndpointActivity["items"][number];

/** An endpoint with no delivery in the window: 24 empty hours. */
export function quietActivity(since: Date, endpointId: string): Item {
  return {
    endpointId,
    succeeded: 0,
    failed: 0,
    pending: 0,
    successRate: null,
    hours: Array.from({ length: 24 }, (_, i) => ({
      at: new Date(since.getTime() + i * 3_600_000),
      succeeded: 0,
      failed: 0,
      pending: 0,
    })),
  };
}

/**
 * The last 24 hours as one bar per hour: succeeded in green, failed in red above it, scaled
 * to the busiest hour. Read as one image by screen readers; each bar names its hour on hover.
 */
export function ActivitySparkline({
  activity,
  height = 28,
  barWidth = 4,
  className,
}: {
  activity: Item;
  height?: number;
  barWidth?: number;
  className?: string;
}) {
  const gap = 1;
  const busiest = Math.max(1, ...activity.hours.map((hour) => hour.succeeded + hour.failed));
  const width = activity.hours.length * (barWidth + gap) - gap;
  const label = `Last 24 hours: ${activity.succeeded} succeeded, ${activity.failed} failed, ${activity.pending} pending`;
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={cn("overflow-visible", className)}
    >
      {activity.hours.map((hour, i) => {
        const x = i * (barWidth + gap);
        const ok = (hour.succeeded / busiest) * height;
        const bad = (hour.failed / busiest) * height;
        const empty = hour.succeeded + hour.failed === 0;
        return (
          <g key={hour.at.toISOString()}>
            <title suppressHydrationWarning>
              {`${hour.at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${hour.succeeded} succeeded, ${hour.failed} failed`}
            </title>
            {empty ? (
              <rect x={x} y={height - 1} width={barWidth} height={1} className="fill-slate-200" />
            ) : (
              <>
                <rect
                  x={x}
                  y={height - ok}
                  width={barWidth}
                  height={ok}
                  className="fill-emerald-500"
                />
                <rect
                  x={x}
                  y={height - ok - bad}
                  width={barWidth}
                  height={bad}
                  className="fill-red-500"
                />
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** The 24 h success rate, coloured by how it is going; a dash when nothing finished. */
export function SuccessRate({ activity }: { activity: Item }) {
  if (activity.successRate === null) {
    return <span className="text-slate-500">—</span>;
  }
  const percent = activity.successRate * 100;
  const text = percent === 100 || percent === 0 ? `${percent}%` : `${percent.toFixed(1)}%`;
  return (
    <span
      className={cn(
        "font-medium tabular-nums",
        percent >= 99 ? "text-emerald-700" : percent >= 90 ? "text-amber-700" : "text-red-700",
      )}
    >
      {text}
    </span>
  );
}
