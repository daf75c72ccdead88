import { lookup as dnsLookup } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isPublicAddress } from "./address-policy";

export type OutboundErrorKind =
  | "timeout"
  | "dns"
  | "connect"
  | "tls"
  | "ssrf_blocked"
  | "invalid_url";

export interface OutboundResult {
  status: number;
  headers: Record<string, string>;
  /** Truncated to maxBodyBytes. */
  body: string;
  durationMs: number;
}

export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    readonly durationMs: number,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** ALLOW_PRIVATE_ENDPOINTS: development and tests may reach this machine and its network. */
  allowPrivate: boolean;
  maxBodyBytes?: number;
  /** Name resolution; the system's by default (tests give names private addresses). */
  resolve?: Resolver;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * The one way Switchyard calls URLs its users gave it (endpoints, enrichment, polling). The
 * address check runs inside the connection's DNS lookup, so the checked address is the one
 * connected to (no DNS rebinding); redirects are returned, never followed.
 */
export function sendOutbound(url: string, init: OutboundInit): Promise<OutboundResult> {
  const started = Date.now();
  const fail = (kind: OutboundErrorKind, message: string) =>
    new OutboundError(kind, message, Date.now() - started);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(fail("invalid_url", `Not a URL: ${url}`));
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return Promise.reject(
      fail("invalid_url", `Only http and https URLs are called, not ${target.protocol}`),
    );
  }
  const literal = target.hostname.replace(/^\[|\]$/g, "");
  if (!init.allowPrivate && isIpLiteral(literal) && !isPublicAddress(literal)) {
    return Promise.reject(fail("ssrf_blocked", blockedMessage(literal)));
  }

  return new Promise((resolve, reject) => {
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, {
      method: init.method ?? "POST",
      headers: {
        ...init.headers,
        ...(init.body !== undefined && { "content-length": Buffer.byteLength(init.body) }),
      },
      lookup: guardedLookup(init.resolve ?? systemResolver, init.allowPrivate),
      // Fresh agent per call: no pooled socket, no environment proxy (it would resolve past the check).
      agent: false,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    req.on("response", (res: IncomingMessage) => {
      readCapped(res, init.maxBodyBytes ?? 4096).then(
        (body) =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flatten(res.headers),
            body,
            durationMs: Date.now() - started,
          }),
        (error: Error) => reject(classify(error, fail)),
      );
    });
    req.on("error", (error) => reject(classify(error, fail)));
    req.end(init.body);
  });
}

/** Resolves, then refuses the connection when any address is not public (unless allowed). */
function guardedLookup(resolveHost: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (list) => {
        const blocked = allowPrivate
          ? undefined
          : list.find((entry) => !isPublicAddress(entry.address));
        const first = list[0];
        if (blocked) {
          callback(
            Object.assign(new Error(blockedMessage(blocked.address, hostname)), { code: "ESSRF" }),
            "",
            4,
          );
        } else if (!first) {
          callback(
            Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }),
            "",
            4,
          );
        } else if ((options as { all?: boolean }).all) {
          (callback as unknown as (error: null, all: typeof list) => void)(null, list);
        } else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

/** Names the host as given, never the address it resolved to: attempt logs are read by tenants. */
function blockedMessage(address: string, hostname?: string): string {
  const where = hostname && hostname !== address ? `${hostname} resolves to` : `${address} is`;
  return `Refused: ${where} a private, loopback or link-local address (set ALLOW_PRIVATE_ENDPOINTS=true in development)`;
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

function classify(
  error: Error,
  fail: (kind: OutboundErrorKind, message: string) => OutboundError,
): OutboundError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ESSRF") return fail("ssrf_blocked", error.message);
  if (error.name === "TimeoutError" || error.name === "AbortError" || code === "ABORT_ERR") {
    return fail("timeout", "No complete answer within the timeout");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NODATA")
    return fail("dns", `DNS: ${error.message}`);
  if (/CERT|SSL|TLS|ERR_TLS/i.test(code) || /certificate|ssl|tls/i.test(error.message)) {
    return fail("tls", `TLS: ${error.message}`);
  }
  return fail("connect", `Connection failed: ${error.message}`);
}

/** Reads at most `limit` bytes of the body, then stops reading (big answers cost nothing). */
function readCapped(res: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        res.destroy();
        resolve(Buffer.concat(chunks).subarray(0, limit).toString("utf8"));
      }
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

function flatten(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
