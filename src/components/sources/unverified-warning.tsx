import { Warning } from "@/components/ui/warning";

/** Shown wherever a source checks nothing: anyone who learns its URL can post events. */
export function UnverifiedWarning({ className }: { className?: string }) {
  return (
    <Warning className={className}>
      <strong>No verification.</strong> Anyone who learns this source's URL can post events to it.
      Use it only for tests, or pick a scheme the provider supports.
    </Warning>
  );
}
