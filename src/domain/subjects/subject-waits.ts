import { type Listener, listen } from "@/lib/db/listen";
import { log } from "@/lib/log";
import { SUBJECT_CHANNEL } from "./apply-tracking";

// Long-polls wait here, in memory, holding no database connection: one LISTEN connection per
// process hears every subject that becomes terminal (NOTIFY at the commit that closed it, on
// whichever instance) and wakes the requests waiting for that subject.
type Waker = (why: "closed" | "look-again") => void;
const waiting = new Map<string, Set<Waker>>();
const holder = globalThis as unknown as { switchyardSubjectListener?: Promise<Listener> };

export const SUBJECT_LISTENER_NAME = "switchyard subject waits";

function listening(): Promise<Listener> {
  holder.switchyardSubjectListener ??= listen(process.env.DATABASE_URL ?? "", {
    channel: SUBJECT_CHANNEL,
    name: SUBJECT_LISTENER_NAME,
    onWakeup: (subjectId) => wake(subjectId ? waiting.get(subjectId) : undefined, "closed"),
    // A NOTIFY may have been lost while the connection was down: everyone looks again.
    onReconnect: () => {
      for (const wakers of waiting.values()) wake(wakers, "look-again");
    },
  }).catch((error: unknown) => {
    holder.switchyardSubjectListener = undefined;
    throw error;
  });
  return holder.switchyardSubjectListener;
}

function wake(wakers: Set<Waker> | undefined, why: "closed" | "look-again") {
  for (const waker of wakers ?? []) waker(why);
}

/**
 * Waits until `isTerminal` says yes or the deadline passes. Registers for the subject's
 * NOTIFY before each look, so a subject closed between a look and the wait is not missed.
 * The NOTIFY itself needs no second look: only the commit that closed the subject sends it,
 * and a closed subject never reopens.
 */
export async function waitUntilTerminal(
  subjectId: string,
  deadline: number,
  isTerminal: () => Promise<boolean>,
): Promise<void> {
  try {
    await listening();
  } catch (error) {
    log.warn(`Subject waits cannot LISTEN (${(error as Error).message}); answering at once`);
    return;
  }
  while (Date.now() < deadline) {
    let waker: Waker = () => {};
    const woken = new Promise<"closed" | "look-again" | "timeout">((resolve) => {
      waker = resolve;
    });
    const wakers = waiting.get(subjectId) ?? new Set();
    wakers.add(waker);
    waiting.set(subjectId, wakers);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (await isTerminal()) return;
      const why = await Promise.race([
        woken,
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
        }),
      ]);
      if (why === "closed") return;
    } finally {
      clearTimeout(timer);
      wakers.delete(waker);
      if (wakers.size === 0) waiting.delete(subjectId);
    }
  }
}

/** How many requests wait right now (the long-poll benchmark prints it). */
export function waitingRequests(): number {
  let count = 0;
  for (const wakers of waiting.values()) count += wakers.size;
  return count;
}

export async function stopSubjectWaits(): Promise<void> {
  const listener = holder.switchyardSubjectListener;
  holder.switchyardSubjectListener = undefined;
  await (await listener?.catch(() => undefined))?.close();
}
