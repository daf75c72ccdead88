import { TRPCClientError } from "@trpc/client";

interface Issue {
  code: string;
  message: string;
  path: (string | number)[];
  errors?: Issue[][];
  /** A record's key that failed: why (invalid_key). */
  issues?: Issue[];
  origin?: string;
  minimum?: number;
}

export interface ServerErrors {
  /** By the input's top-level field: "name", "verification", "eventType", ... */
  fields: Record<string, string>;
  /** By the full dotted path ("tracking.poll.url"), for sections with nested fields. */
  paths: Record<string, string>;
  /** For the top of the form: what went wrong, in one sentence. */
  summary: string | null;
}

// A branch of a union that failed on its shape (a missing key, another literal) is not the
// branch the person meant; the one that failed on a value is.
const shapeCodes = new Set(["invalid_type", "invalid_value", "invalid_union", "unrecognized_keys"]);

/** The zod issue a person should read: inside a union, the one from the branch they meant. */
function meant(issue: Issue): Issue {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return issue;
  const branch =
    issue.errors.find((issues) => issues.every((i) => !shapeCodes.has(i.code))) ??
    issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
  const inner = branch[0];
  return inner ? meant({ ...inner, path: [...issue.path, ...inner.path] }) : issue;
}

/** What the person reads: "required" for an empty text, a bad key's own reason. */
function wording(issue: Issue): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) {
    return "required";
  }
  if (issue.code === "invalid_key" && issue.issues?.[0]) return issue.issues[0].message;
  return issue.message;
}

/** A tRPC error -> messages beside the fields they are about, and one for the top. */
export function serverErrors(error: unknown): ServerErrors {
  if (!(error instanceof TRPCClientError)) {
    const summary = error ? String((error as Error).message ?? error) : null;
    return { fields: {}, paths: {}, summary };
  }
  const data = error.data as { issues?: Issue[]; domainCode?: string } | undefined;
  const fields: Record<string, string> = {};
  const paths: Record<string, string> = {};
  for (const issue of data?.issues ?? []) {
    const read = meant(issue);
    const field = read.path[0];
    if (field !== undefined && !fields[field]) fields[field] = wording(read);
    const path = read.path.join(".");
    if (path && !paths[path]) paths[path] = wording(read);
  }
  if (data?.domainCode === "conflict" && /slug/.test(error.message)) fields.slug = error.message;
  const count = Object.keys(fields).length;
  return {
    fields,
    paths,
    summary:
      count > 0
        ? `The server refused ${count === 1 ? "a field" : `${count} fields`}: see below.`
        : error.message,
  };
}
