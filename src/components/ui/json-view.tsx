import { cn } from "@/lib/cn";
import { CopyButton } from "./copy-button";

/** JSON, indented, in a scrolling block with a copy button. */
export function JsonView({
  value,
  label,
  className,
}: {
  value: unknown;
  label: string;
  className?: string;
}) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    // A named region: screen readers can find it, and its scroll is reachable by keyboard.
    <section aria-label={label} className={cn("relative", className)}>
      <div className="absolute top-2 right-2">
        <CopyButton text={text ?? ""} label={`Copy ${label}`} />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take focus to scroll by keyboard.
        tabIndex={0}
        className="max-h-[28rem] overflow-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100"
      >
        {text ?? "null"}
      </pre>
    </section>
  );
}
