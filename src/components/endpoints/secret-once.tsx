import { CopyButton } from "@/components/ui/copy-button";

/** A signing secret shown once: readable, selectable, copyable, and said to be shown once. */
export function SecretOnce({
  secret,
  label = "Signing secret",
  children,
}: {
  secret: string;
  label?: string;
  children?: React.ReactNode;
}) {
  return (
    <div className="rounded-md border border-emerald-200 bg-emerald-50 p-4">
      <div className="flex items-center gap-2">
        <input
          readOnly
          aria-label={label}
          value={secret}
          onFocus={(event) => event.target.select()}
          className="min-w-0 flex-1 rounded border border-emerald-200 bg-white px-2 py-1.5 font-mono text-xs"
        />
        <CopyButton text={secret} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <p className="mt-2 text-xs text-emerald-800">
        {children ??
          "Copy it now: it is shown this once. Receivers verify each request's webhook-signature with it."}
      </p>
    </div>
  );
}
