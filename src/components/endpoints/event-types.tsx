/** An endpoint's event-type patterns as chips; past `max`, how many more. */
export function EventTypes({ patterns, max }: { patterns: string[]; max?: number }) {
  const shown = max === undefined ? patterns : patterns.slice(0, max);
  return (
    <ul className="flex flex-wrap gap-1">
      {shown.map((pattern) => (
        <li
          key={pattern}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700"
        >
          {pattern === "*" ? "* (all)" : pattern}
        </li>
      ))}
      {patterns.length > shown.length && (
        <li className="px-1 text-xs text-slate-500">+{patterns.length - shown.length} more</li>
      )}
    </ul>
  );
}
