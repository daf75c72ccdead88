import { TRPCClientError } from "@trpc/client";

interface Issue {
  code: string;
  message: string;
  path: (string | number)[];
  errors?: Issue[][];
}

export interface ServerErrors {
  /** By the input's top-level field: "name", "verification", "eventType", ... */
  fields: Record<string, string>;
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

/** A tRPC error -> messages beside the fields they are about, and one for the top. */
export function serverErrors(error: unknown): ServerErrors {
  if (!(error instanceof TRPCClientError)) {
    return { fields: {}, summary: error ? String((error as Error).message ?? error) : null };
  }
  const data = error.data as { issues?: Issue[]; domainCode?: string } | undefined;
  const fields: Record<string, string> = {};
  for (const issue of data?.issues ?? []) {
    const read = meant(issue);
    const field = read.path[0];
    if (field !== undefined && !fields[field]) fields[field] = read.message;
  }
  if (data?.domainCode === "conflict" && /slug/.test(error.message)) fields.slug = error.message;
  const count = Object.keys(fields).length;
  return {
    fields,
    summary:
      count > 0
        ? `The server refused ${count === 1 ? "a field" : `${count} fields`}: see below.`
        : error.message,
  };
}
