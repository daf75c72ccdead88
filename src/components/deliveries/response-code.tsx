import { Badge, type Tone } from "@/components/ui/badge";

const errorKinds: Record<string, string> = {
  timeout: "Timed out",
  dns: "DNS failed",
  connect: "No connection",
  tls: "TLS failed",
  ssrf_blocked: "Address refused",
  http_status: "HTTP error",
};

/** How an attempt ended: its HTTP status, coloured by class, or the kind of error it met. */
export function ResponseCode({
  status,
  errorKind,
}: {
  status: number | null;
  errorKind?: string | null;
}) {
  if (status !== null) {
    const tone: Tone = status < 300 ? "green" : status < 500 ? "amber" : "red";
    return (
      <Badge tone={tone} className="font-mono tabular-nums">
        {status}
      </Badge>
    );
  }
  if (errorKind) return <Badge tone="red">{errorKinds[errorKind] ?? errorKind}</Badge>;
  return <span className="text-slate-500">—</span>;
}

export function errorKindLabel(kind: string): string {
  return errorKinds[kind] ?? kind;
}
