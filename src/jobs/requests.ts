import type { z } from "zod";
import type { Scope } from "@/domain/access/scope";
import { dropBulkRetry, recoverEndpoint, startBulkRetry } from "@/domain/delivery/bulk-retry";
import { createReplay, reopenDelivery } from "@/domain/delivery/manual";
import type { BulkRetryInput } from "@/domain/delivery/schemas";
import { createTestDelivery } from "@/domain/delivery/test-event";
import type { TestEventInput } from "@/domain/endpoints/schemas";
import { rerunFailedEvent } from "@/domain/events/lifecycle";
import { publishEvent } from "@/domain/events/publish";
import type { PublishEventInput } from "@/domain/events/schemas";
import { createGroup } from "@/domain/subjects/groups";
import { registerSubject } from "@/domain/subjects/register";
import type { createGroupInput } from "@/domain/subjects/schemas";
import { getSubject } from "@/domain/subjects/subjects";
import { log } from "@/lib/log";
import { inngest } from "./client";
import { bulkRetryRequested, deliveryRequested } from "./events";
import { handOffEvents } from "./hand-off";
import { wakePollerFor } from "./poll-wake";

// What ops staff ask for by hand (console, REST): the domain decides, a run does the work.

/** Retries one delivery now; its attempts are marked "manual". */
export async function retryDeliveryNow(scope: Scope, deliveryId: string): Promise<void> {
  const delivery = await reopenDelivery(scope, deliveryId);
  await inngest.send(deliveryRequested.create({ ...delivery, trigger: "manual" }));
}

/** Replays an event to every endpoint that matches it now; returns the replay's event id. */
export async function replayEvent(scope: Scope, eventId: string): Promise<string> {
  const replayId = await createReplay(scope, eventId);
  await handOffEvents([replayId]);
  return replayId;
}

/**
 * Sends a test event to one endpoint (disabled ones too, to check them before re-enabling):
 * the type and data given, kept for the next test, or "switchyard.test" with an example.
 */
export async function sendTestEvent(
  scope: Scope,
  endpointId: string,
  event: TestEventInput = {},
): Promise<{ deliveryId: string; eventId: string }> {
  const { eventId, ...delivery } = await createTestDelivery(scope, endpointId, event);
  await inngest.send(deliveryRequested.create({ ...delivery, trigger: "test" }));
  return { deliveryId: delivery.deliveryId, eventId };
}

/**
 * Publishes an event (POST /api/v1/events) and hands it to processing once it is committed.
 * A failed hand-off is not the publisher's problem: the sweeper hands the event off later.
 */
export async function publishAndHandOff(scope: Scope, input: PublishEventInput) {
  const published = await publishEvent(scope, input);
  if (!published.duplicate) {
    await handOffEvents([published.id]).catch((error: Error) =>
      log.warn(`Hand-off of ${published.id} failed; the sweeper will retry: ${error.message}`),
    );
  }
  return published;
}

/** Retries every delivery matching a filter; returns the bulk retry, whose progress can be read. */
export async function bulkRetryDeliveries(scope: Scope, input: BulkRetryInput) {
  return requestBulkRetry(await startBulkRetry(scope, input));
}

/** Sends again everything that failed to an endpoint since a time. */
export async function recoverEndpointSince(scope: Scope, endpointId: string, since: Date) {
  return requestBulkRetry(await recoverEndpoint(scope, endpointId, since));
}

// A bulk retry nobody will work through must not show as running: it is dropped, the caller
// gets the error and may ask again.
async function requestBulkRetry<T extends { id: string }>(bulk: T): Promise<T> {
  try {
    await inngest.send(bulkRetryRequested.create({ bulkRetryId: bulk.id }));
    return bulk;
  } catch (error) {
    await dropBulkRetry(bulk.id);
    throw error;
  }
}

/** Re-runs the processing of a failed event (enrichment, fan-out). */
export async function rerunEvent(scope: Scope, eventId: string): Promise<void> {
  await handOffEvents([await rerunFailedEvent(scope, eventId)]);
}

/** Registers an expected subject; a poll due within the minute wakes the poller for it. */
export async function registerSubjectAndSchedule(
  scope: Scope,
  input: { sourceId: string; key: string; fields?: Record<string, string> },
) {
  const registered = await registerSubject(scope, input);
  await wakePollerFor(registered.nextPollAt).catch(warnPollWake);
  return getSubject(scope, { key: input.key, sourceId: input.sourceId, timeout: 0 });
}

/** Creates a group; one already complete publishes `<type>.completed` at once. */
export async function createGroupAndHandOff(
  scope: Scope,
  input: z.output<typeof createGroupInput>,
) {
  const created = await createGroup(scope, input);
  await handOffEvents(created.publishedEventIds).catch((error: unknown) =>
    log.warn(`Hand-off failed; the sweeper will retry: ${(error as Error).message}`),
  );
  await wakePollerFor(created.nextPollAt).catch(warnPollWake);
  return created.group;
}

/** A missed wake only delays a poll until the poller's next minute tick. */
export function warnPollWake(error: unknown) {
  log.warn(`Could not wake the subject poller: ${(error as Error).message}`);
}
