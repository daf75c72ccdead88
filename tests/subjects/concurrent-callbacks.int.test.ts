// Concurrent callbacks for one subject never lose an update: each applies to the state the
// one before it left (the subject's row lock orders them), so fields carried by different
// callbacks all end up on the subject, and a burst that ends it ends it once.
import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { api, ok, serveApiForTheseTests, serverUrl } from "../api/rest-kit";
import { newSource, newTenant, postWebhook, randomSuffix } from "../support/inbound-kit";

serveApiForTheseTests();

const FIELDS = Array.from({ length: 12 }, (_, i) => `f${i}`);

describe("concurrent callbacks for one subject", () => {
  it("keep every field any of them carried, and close the subject exactly once", async () => {
    const tenant = await newTenant("concurrent");
    const source = await newSource(tenant.id, "concurrent", {
      subject: { from: "path", path: "job" },
      tracking: {
        status: "status",
        terminal: ["done"],
        fields: Object.fromEntries(FIELDS.map((name) => [name, `data.${name}`])),
      },
    });
    const job = `job-${randomSuffix()}`;
    // Each callback carries one field, all at the same moment.
    const replies = await Promise.all(
      FIELDS.map((name) =>
        postWebhook(serverUrl(), source.slug, {
          job,
          status: "running",
          data: { [name]: `value-${name}` },
        }),
      ),
    );
    for (const reply of replies) expect(reply.status, reply.text).toBe(202);
    const running = ok(await api("GET", `/subjects/${job}?sourceId=${source.id}`));
    expect(running.fields).toEqual(
      Object.fromEntries(FIELDS.map((name) => [name, `value-${name}`])),
    );

    // Four callbacks end it at the same moment: one closes it, the others find it closed.
    const endings = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        postWebhook(serverUrl(), source.slug, { job, status: "done", data: { n } }),
      ),
    );
    for (const reply of endings) expect(reply.status, reply.text).toBe(202);
    const subject = ok(await api("GET", `/subjects/${job}?sourceId=${source.id}`));
    expect(subject).toMatchObject({ status: "done", terminal: true });
    expect(subject.timeline).toHaveLength(FIELDS.length + 4);
    const events = await db.event.findMany({
      where: { sourceId: source.id },
      orderBy: { receivedAt: "asc" },
    });
    const closing = events.filter((event) => event.subjectStatus === "done" && !event.ignored);
    expect(closing).toHaveLength(1);
    expect(events.filter((event) => event.ignored)).toHaveLength(3);
    const stored = await db.subject.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(stored.terminalAt).not.toBeNull();
  });
});
