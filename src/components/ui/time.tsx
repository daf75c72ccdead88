"use client";

/** A moment in the reader's own zone and locale; the exact ISO time on hover. */
export function Time({
  value,
  className,
}: {
  value: Date | string | null | undefined;
  className?: string;
}) {
  if (!value) return <span className={className}>—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return (
    <time
      dateTime={date.toISOString()}
      title={date.toISOString()}
      className={className}
      suppressHydrationWarning
    >
      {date.toLocaleString()}
    </time>
  );
}

/** How long ago, in words ("3 min ago"), for lists that are read at a glance. */
export function Ago({ value }: { value: Date | string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  const words =
    seconds < 60
      ? `${Math.max(seconds, 0)} s ago`
      : seconds < 3600
        ? `${Math.round(seconds / 60)} min ago`
        : seconds < 86_400
          ? `${Math.round(seconds / 3600)} h ago`
          : `${Math.round(seconds / 86_400)} d ago`;
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString()} suppressHydrationWarning>
      {words}
    </time>
  );
}
