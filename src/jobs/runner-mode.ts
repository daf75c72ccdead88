/** The Inngest settings that decide who runs the jobs (named as in the environment). */
export interface InngestSettings {
  INNGEST_EVENT_KEY?: string | undefined;
  INNGEST_SIGNING_KEY?: string | undefined;
  INNGEST_DEV?: string | undefined;
}

export type RunnerMode = "embedded" | "inngest";

/**
 * INNGEST_DEV read as the SDK reads it: `1`/`true` or the Dev Server's URL turn dev mode on,
 * `0`/`false` or unset leave it off.
 */
export function usesInngestDevServer(settings: InngestSettings): boolean {
  const value = settings.INNGEST_DEV?.trim().toLowerCase();
  return Boolean(value) && value !== "0" && value !== "false";
}

/**
 * Inngest (Cloud, self-hosted or the Dev Server) when its keys or INNGEST_DEV are set,
 * otherwise the embedded runner. The server's env and the Inngest client both decide here.
 */
export function runnerMode(settings: InngestSettings): RunnerMode {
  const keys = settings.INNGEST_EVENT_KEY || settings.INNGEST_SIGNING_KEY;
  return keys || usesInngestDevServer(settings) ? "inngest" : "embedded";
}
