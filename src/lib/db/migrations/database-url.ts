// Edits PostgreSQL connection URLs without losing host, credentials or query parameters.

// WHATWG URL rejects an empty host (`postgresql://user@/db?host=/run/postgresql`); borrow one.
const PLACEHOLDER_HOST = "switchyard-placeholder-host";
const HOSTLESS = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)(?=[/?#]|$)/i;

function editUrl(url: string, edit: (parsed: URL) => void): string {
  const hostless = HOSTLESS.exec(url)?.[1];
  const parsed = new URL(hostless ? hostless + PLACEHOLDER_HOST + url.slice(hostless.length) : url);
  edit(parsed);
  const text = parsed.toString();
  return hostless ? text.replace(PLACEHOLDER_HOST, "") : text;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  return editUrl(url, (parsed) => {
    parsed.pathname = `/${encodeURIComponent(database)}`;
  });
}

/** Sessions opened with this URL start every transaction read-only: the server enforces it. */
export function readOnlyUrl(url: string): string {
  return editUrl(url, (parsed) => {
    const options = parsed.searchParams.get("options");
    const readOnly = "-c default_transaction_read_only=on";
    parsed.searchParams.set("options", options ? `${options} ${readOnly}` : readOnly);
  });
}
