import type { Scope } from "@/domain/access/scope";
import { db } from "@/domain/db";
import { type KeyName, theOneNamed, whereKeyNames } from "./named-by-key";
import type { GetSubjectInput } from "./schemas";
import { subjectStateSelect, toSubjectState } from "./subject-row";
import { waitUntilTerminal } from "./subject-waits";

const TIMELINE_LIMIT = 500;

/**
 * A subject (a call, a job, an order) by its key: its state and its timeline, oldest event
 * first. Keys are unique per tenant; `sourceId` or `tenantId` picks one where two tenants
 * share a key. With `wait: "terminal"` the answer waits (up to `timeout` seconds) for the
 * subject to be terminal, woken by the commit that closes it.
 */
export async function getSubject(scope: Scope, input: GetSubjectInput) {
  const subject = await findSubject(scope, input);
  if (input.wait === "terminal" && !subject.terminal && input.timeout > 0) {
    await waitUntilTerminal(subject.id, Date.now() + input.timeout * 1000, async () => {
      const row = await db.subject.findUnique({
        where: { id: subject.id },
        select: { terminal: true },
      });
      return row?.terminal ?? true;
    });
  }
  return readSubject(subject.id);
}

/** The one subject the key names for this caller, or a clear 404 / 400. */
export async function findSubject(scope: Scope, name: KeyName) {
  const subjects = await db.subject.findMany({
    where: whereKeyNames(scope, name),
    take: 2,
    select: { id: true, terminal: true },
  });
  return theOneNamed(subjects, "subject", name);
}

async function readSubject(id: string) {
  const row = await db.subject.findUniqueOrThrow({
    where: { id },
    select: {
      ...subjectStateSelect,
      groups: { select: { group: { select: { key: true } } } },
      events: {
        orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
        take: TIMELINE_LIMIT,
        select: {
          id: true,
          sourceId: true,
          type: true,
          origin: true,
          status: true,
          subjectStatus: true,
          ignored: true,
          error: true,
          receivedAt: true,
          processedAt: true,
          payload: true,
        },
      },
    },
  });
  const { groups, events, ...state } = row;
  return {
    ...toSubjectState(state),
    groups: groups.map((membership) => membership.group.key),
    timeline: events,
  };
}
