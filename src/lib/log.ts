import pino from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

// Fields that may carry a credential are never written, whatever logs them.
const REDACTED = [
  "secret",
  "password",
  "token",
  "key",
  "apiKey",
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  "*.secret",
  "*.password",
  "*.token",
  "*.authorization",
];

/**
 * JSON lines (pino) in production and whenever LOG_FORMAT=json, for log shippers: each line
 * `{"level","time","msg",...fields}` with the request, event or delivery ids it concerns.
 * Elsewhere (development, tests) one readable line each, as people read a terminal.
 * LOG_FILE appends to a file instead of stdout (the test run greps it for secrets).
 */
function createLogger(): pino.Logger {
  const json =
    process.env.LOG_FORMAT === "json" ||
    (process.env.LOG_FORMAT !== "pretty" && process.env.NODE_ENV === "production");
  const file = process.env.LOG_FILE;
  const to = (fd: number) =>
    file
      ? pino.destination({ dest: file, append: true, sync: true })
      : pino.destination({ dest: fd, sync: true });
  const destination = to(1);
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: "[redacted]" },
    },
    json ? destination : readable(destination, file ? destination : to(2)),
  );
}

/** `2026-11-30T05:00:00.000Z info  message {"field":1}`; warnings and errors on stderr. */
function readable(
  destination: pino.DestinationStream,
  errors: pino.DestinationStream,
): pino.DestinationStream {
  return {
    write(line: string) {
      const { level, time, msg, ...fields } = JSON.parse(line) as Fields & {
        level: string;
        time: string;
        msg: string;
      };
      const suffix = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
      const out = level === "warn" || level === "error" ? errors : destination;
      out.write(`${time} ${String(level).padEnd(5)} ${msg}${suffix}\n`);
    },
  };
}

let logger: pino.Logger | undefined;
const current = () => {
  logger ??= createLogger();
  return logger;
};

export function setLogLevel(level: LogLevel) {
  current().level = level;
}

export const log = {
  debug: (message: string, fields?: Fields) => current().debug(fields ?? {}, message),
  info: (message: string, fields?: Fields) => current().info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => current().warn(fields ?? {}, message),
  error: (message: string, fields?: Fields) => current().error(fields ?? {}, message),
};
