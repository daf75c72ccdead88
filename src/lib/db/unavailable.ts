// Errors that say the database cannot be reached or answer now, as opposed to a bad statement:
// node-postgres's socket and pool errors, PostgreSQL's shutdown and connection classes,
// Prisma's driver-adapter kinds and engine codes. Whatever wraps them, `cause` leads to them.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
// 08: connection exception; 57P01-57P03: shutting down, cannot connect now; 53300: too many
// connections; 57014: canceled (statement_timeout).
const POSTGRES_CODES = /^(08...|57P0[1-3]|53300|57014)$/;
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection (is )?closed|Client has encountered a connection error|Can't reach database server|the database system is (shutting down|starting up)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    if (typeof e !== "object") return false;
    const { code, kind, message, cause } = e as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    if (typeof code === "string" && POSTGRES_CODES.test(code)) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    e = cause;
  }
  return false;
}
