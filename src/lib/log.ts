const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

// Plain lines on stdout/stderr: the start-up banner and the server log are read by people.
let threshold: number = levels[(process.env.LOG_LEVEL as LogLevel) ?? "info"] ?? levels.info;

export function setLogLevel(level: LogLevel) {
  threshold = levels[level];
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>) {
  if (levels[level] < threshold) return;
  const suffix = fields ? ` ${JSON.stringify(fields)}` : "";
  const line = `${new Date().toISOString()} ${level.padEnd(5)} ${message}${suffix}`;
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
