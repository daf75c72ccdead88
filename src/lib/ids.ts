import { typeid } from "typeid-js";

/** The prefix of every id kind: ids say what they are (evt_..., ep_...) and sort by time. */
const prefixes = {
  tenant: "ten",
  source: "src",
  event: "evt",
  request: "req",
  subject: "sub",
  group: "grp",
  endpoint: "ep",
  delivery: "dlv",
  attempt: "att",
  apiKey: "key",
  bulkRetry: "bulk",
  jobEvent: "jev",
  jobRun: "run",
  jobStep: "stp",
  user: "usr",
  session: "ses",
  account: "acc",
  verification: "ver",
  rateLimit: "rl",
  invitation: "inv",
  portalLink: "pl",
  portalSession: "ps",
  auditEntry: "aud",
} as const;

export type IdKind = keyof typeof prefixes;

export function newId(kind: IdKind): string {
  return typeid(prefixes[kind]).toString();
}
