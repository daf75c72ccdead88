import { type SampleSource, sampleRequest } from "./sample-payload";

// Pure and free of Node built-ins: the console renders it in the browser.

// Stand-ins for shell variables ({{ID}} -> $ID), spliced into the snippet's quoted words.
const ID = "{{ID}}";
const NOW = "{{NOW}}";

/** Said in the snippet where the secret goes while it is hidden. */
export const SECRET_PLACEHOLDER = "paste-the-source-secret-here";

/**
 * A bash snippet that posts a sample webhook to the source as its provider would: the same
 * sample `Send a sample` sends, signed with `openssl` for the signed schemes. It prints the
 * summary and the HTTP status (202). Without the secret, a placeholder stands in for it.
 */
export function curlExample(
  source: SampleSource & { name: string },
  ingestUrl: string,
  secret: string | null,
): string {
  const { verification } = source;
  const sample = sampleRequest(source, { id: ID, now: NOW });
  const url = sample.urlSubject === null ? ingestUrl : `${ingestUrl}/${sample.urlSubject}`;
  const lines = [`# A sample webhook for "${source.name}" (${describeScheme(verification)}).`];
  if (verification.scheme !== "none") {
    lines.push(`SECRET=${shellQuote(secret ?? SECRET_PLACEHOLDER)}`);
  }
  lines.push(
    `ID="smp_$(date +%s)_$RANDOM"`,
    `NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"`,
    `BODY=${withVariables(shellQuote(sample.body))}`,
  );
  const { setup, headers } = signing(verification);
  lines.push(...setup);
  // The signature's headers win over the sample's (webhook-id may be both the key and signed).
  const allHeaders = Object.entries({ ...sample.headers, ...Object.fromEntries(headers) }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  lines.push(
    `curl -sS -X POST ${withVariables(shellQuote(url))} \\`,
    ...allHeaders.map((header) => `  -H ${withVariables(shellQuote(header))} \\`),
    `  --data-binary "$BODY" \\`,
    `  -w '\\nHTTP %{http_code}\\n'`,
  );
  return `${lines.join("\n")}\n`;
}

type Scheme = SampleSource["verification"];

/** Shell lines computing the signature, and the headers that carry it ($SIG, $TS, $ID). */
function signing(scheme: Scheme): { setup: string[]; headers: [string, string][] } {
  const hmacOf = (payload: string, encoding: "hex" | "base64") =>
    `$(printf '%s' ${payload} | openssl dgst -sha256 -hmac "$SECRET" -binary | ${toEncoding(encoding)})`;
  switch (scheme.scheme) {
    case "none":
      return { setup: [], headers: [] };
    case "shared_secret":
      return { setup: [], headers: [[scheme.header, "{{SECRET}}"]] };
    case "bearer":
      return { setup: [], headers: [["authorization", "Bearer {{SECRET}}"]] };
    case "hmac_sha256":
      return {
        setup: [`SIG="${hmacOf('"$BODY"', scheme.encoding)}"`],
        headers: [[scheme.header, `${scheme.prefix}{{SIG}}`]],
      };
    case "standard_webhooks":
      return {
        setup: [
          "TS=$(date +%s)",
          "# The key is the base64 part of whsec_..., decoded.",
          `KEY=$(printf '%s' "\${SECRET#whsec_}" | openssl base64 -d -A | od -An -vtx1 | tr -d ' \\n')`,
          `SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | openssl base64 -A)`,
        ],
        headers: [
          ["webhook-id", "{{ID}}"],
          ["webhook-timestamp", "{{TS}}"],
          ["webhook-signature", "v1,{{SIG}}"],
        ],
      };
    case "stripe":
      return {
        setup: ["TS=$(date +%s)", `SIG="${hmacOf('"$TS.$BODY"', "hex")}"`],
        headers: [["stripe-signature", "t={{TS}},v1={{SIG}}"]],
      };
    case "slack":
      return {
        setup: ["TS=$(date +%s)", `SIG="${hmacOf('"v0:$TS:$BODY"', "hex")}"`],
        headers: [
          ["x-slack-request-timestamp", "{{TS}}"],
          ["x-slack-signature", "v0={{SIG}}"],
        ],
      };
  }
}

function toEncoding(encoding: "hex" | "base64"): string {
  return encoding === "hex" ? "od -An -vtx1 | tr -d ' \\n'" : "openssl base64 -A";
}

export function describeScheme(scheme: Scheme): string {
  switch (scheme.scheme) {
    case "none":
      return "no verification";
    case "shared_secret":
      return `shared secret in ${scheme.header}`;
    case "bearer":
      return "Authorization: Bearer";
    case "hmac_sha256":
      return `HMAC-SHA256 of the body in ${scheme.header}, ${scheme.encoding}${scheme.prefix ? `, prefix ${scheme.prefix}` : ""}`;
    case "standard_webhooks":
      return "Standard Webhooks signature";
    case "stripe":
      return "Stripe-Signature";
    case "slack":
      return "Slack signature";
  }
}

/** Single quotes keep everything literal; a single quote inside is closed, escaped, reopened. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Inside a single-quoted word a variable is spliced in by leaving the quotes: 'a'"$ID"'b'. */
function withVariables(quoted: string): string {
  return quoted.replace(/\{\{([A-Z]+)\}\}/g, `'"$$$1"'`).replace(/"''$/, '"');
}
