import { JsonView } from "@/components/ui/json-view";

/** An HTTP message's headers, name and value, as stored (secrets were never stored). */
export function HeadersView({ headers }: { headers: Record<string, string> | null }) {
  const entries = Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-slate-500">No headers.</p>;
  return (
    <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-500">{name}</dt>
          <dd className="break-all text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A body: indented when it is JSON, as it came otherwise. */
export function BodyView({ text, label }: { text: string | null; label: string }) {
  if (!text) return <p className="text-sm text-slate-500">Empty body.</p>;
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: shown as it came.
  }
  return <JsonView value={value} label={label} />;
}
