import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";

// Small pieces of a subject's state, the same on its page and in the list.

/** Terminal (closed, since when) or open; nothing before a first status. */
export function SubjectOpenness({
  terminal,
  terminalAt,
  status,
  withTime = true,
}: {
  terminal: boolean;
  terminalAt: Date | string | null;
  status: string | null;
  withTime?: boolean;
}) {
  if (terminal) {
    return (
      <span className="inline-flex flex-wrap items-center gap-x-2">
        <Badge tone="gray">Terminal</Badge>
        {withTime && terminalAt && (
          <span className="text-xs text-slate-500">
            since <Time value={terminalAt} />
          </span>
        )}
      </span>
    );
  }
  if (status === null) return <span className="text-slate-500">—</span>;
  return <Badge tone="blue">Open</Badge>;
}

const updaterTones: Record<string, Tone> = { webhook: "gray", poll: "amber" };

/** What last moved the state: a webhook, or a poll of the provider. */
export function UpdatedBy({ by }: { by: string | null }) {
  if (!by) return <span className="text-slate-500">—</span>;
  return (
    <Badge tone={updaterTones[by] ?? "gray"} className="font-mono">
      {by}
    </Badge>
  );
}

const originTones: Record<string, Tone> = { poll: "amber", replay: "blue" };
const originTitles: Record<string, string> = {
  poll: "Learned by asking the provider's status API",
  replay: "A replay of an earlier event",
  inbound: "A webhook the provider sent",
  published: "Published through the API",
};

/** Where a timeline event came from; a poll stands out from the webhooks. */
export function OriginBadge({ origin }: { origin: string }) {
  return (
    <span title={originTitles[origin]} className="relative z-10">
      <Badge tone={originTones[origin] ?? "gray"}>{origin}</Badge>
    </span>
  );
}
