import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { admin, signInAs } from "./people";

// Issue 12, journey "create a source, post it a webhook, and see the event and its timeline":
// a source made over REST with the admin key, a webhook posted to it over HTTP, then in the
// browser the event found in /events by its type and by a payload field, and opened.

const auth = { authorization: `Bearer ${admin.apiKey}` };
/** The bar: axe-core finds no serious or critical violation on the page. */
async function expectAccessible(page: Page) {
  // Next.js streams a page's metadata after its body: audit the page once it has its title.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(grave.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
}

const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

test("a webhook posted to a new source is found in Events by type and payload field, with its payload and timeline", async ({
  page,
  request,
}) => {
  const tenant = await request.post("/api/v1/tenants", {
    headers: auth,
    data: { name: "Voice Journeys", slug: `voice-${unique()}` },
  });
  expect(tenant.status()).toBe(201);
  const { id: tenantId } = await tenant.json();
  const slug = `calls-${unique()}`;
  const source = await request.post("/api/v1/sources", {
    headers: auth,
    data: {
      tenantId,
      slug,
      name: "Voice calls",
      verification: {
        scheme: "shared_secret",
        header: "x-webhook-token",
        secret: "journey-s3cret",
      },
      eventType: { from: "path", path: "message.type" },
      subject: { from: "path", path: "message.call.id" },
    },
  });
  expect(source.status()).toBe(201);

  const callId = `call-${unique()}`;
  const post = (message: object) =>
    request.post(`/api/webhooks/${slug}`, {
      headers: { "x-webhook-token": "journey-s3cret" },
      data: { message },
    });
  const ringing = await post({ type: "status-update", status: "ringing", call: { id: callId } });
  expect(ringing.status()).toBe(202);
  const eventId: string = (await ringing.json()).events[0].id;
  expect((await post({ type: "status-update", call: { id: `${callId}-other` } })).status()).toBe(
    202,
  );
  expect((await post({ type: "end-of-call-report", call: { id: callId } })).status()).toBe(202);

  // Hydration mismatches and other page errors show in the console of a production build
  // (a 404 is a link prefetched to a page this build may not have yet, such as /deliveries).
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/status of 404/.test(message.text())) {
      pageErrors.push(message.text());
    }
  });
  await signInAs(page, admin.email, admin.password);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Events" })
    .click();
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();
  const events = page.getByRole("table", { name: "Events" });
  await expect(events.getByRole("row", { name: new RegExp(callId) }).first()).toBeVisible();

  // By type: Enter applies it, and the URL says so.
  await page.getByLabel("Type").fill("status-update");
  await page.getByLabel("Type").press("Enter");
  await expect(page).toHaveURL(/type=status-update/);
  await expect(page.getByLabel("Type")).toBeFocused();
  await expect(events.getByRole("link", { name: "end-of-call-report" })).toHaveCount(0);
  await expect(events.getByRole("link", { name: "status-update" })).toHaveCount(2);

  // By a payload field: only the ringing call's status update is left.
  await page.getByLabel("Payload field").fill("message.call.id");
  await page.getByLabel("Value", { exact: true }).fill(callId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/payloadPath=message.call.id/);
  await expect(events.getByRole("row")).toHaveCount(2);
  const row = events.getByRole("row", { name: new RegExp(callId) });
  await expect(row).toContainText("Voice calls");
  await expect(row).toContainText("Voice Journeys");
  await page.screenshot({ path: "test-results/events-list.png", fullPage: true });
  await expectAccessible(page);

  // The same filtered view opens from its URL, as a shared link would.
  const shared = page.url();
  await page.goto(shared);
  await expect(events.getByRole("row")).toHaveCount(2);

  await row.getByRole("link", { name: "status-update" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
  await expect(page.getByRole("heading", { name: "status-update", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Payload" })).toContainText(callId);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("completed", {
    timeout: 15_000,
  });
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(callId);
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText("Received");
  await expect(timeline).toContainText("Processed");
  const inbound = page.getByRole("region", { name: "Inbound request" });
  await expect(inbound.getByLabel("Headers")).toContainText("x-webhook-token");
  await expect(inbound.getByLabel("Headers")).toContainText("[redacted]");
  await expect(inbound).not.toContainText("journey-s3cret");
  await expect(page.getByRole("region", { name: "Raw body" })).toContainText('"ringing"');
  await page.screenshot({ path: "test-results/event-detail.png", fullPage: true });
  await expectAccessible(page);

  // Its subject: the call's timeline, each event linking to its page.
  await page.getByRole("region", { name: "Summary" }).getByRole("link", { name: callId }).click();
  await expect(page.getByRole("heading", { name: callId, level: 1 })).toBeVisible();
  const callTimeline = page.getByRole("table", { name: "Timeline" });
  await expect(callTimeline.getByRole("link", { name: "status-update" })).toBeVisible();
  await expect(callTimeline.getByRole("link", { name: "end-of-call-report" })).toBeVisible();
  await page.screenshot({ path: "test-results/subject.png", fullPage: true });
  await expectAccessible(page);

  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Subjects" })
    .click();
  await page.getByLabel("Key starts with").fill(callId);
  await page.getByLabel("Key starts with").press("Enter");
  await expect(page).toHaveURL(/keyPrefix=call-/);
  const subjects = page.getByRole("table", { name: "Subjects" });
  await expect(subjects.getByRole("row")).toHaveCount(3);
  const subjectRow = subjects
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: callId, exact: true }) });
  await expect(subjectRow.getByRole("cell").nth(5)).toHaveText("2");
  await expect(subjectRow).toContainText("Voice calls");
  await page.screenshot({ path: "test-results/subjects.png", fullPage: true });
  await expectAccessible(page);
  expect(pageErrors).toEqual([]);
});

test("a tenant's empty events list says how to send a first webhook, and the event then appears without a reload", async ({
  browser,
  request,
}) => {
  const tenant = await request.post("/api/v1/tenants", {
    headers: auth,
    data: { name: "Quiet Tenant", slug: `quiet-${unique()}` },
  });
  const { id: tenantId } = await tenant.json();
  const slug = `orders-${unique()}`;
  const source = await request.post("/api/v1/sources", {
    headers: auth,
    data: {
      tenantId,
      slug,
      name: "Shop orders",
      // Unsigned on purpose: the empty page's curl example is then runnable as shown.
      verification: { scheme: "none" },
      eventType: { from: "path", path: "type" },
    },
  });
  expect(source.status()).toBe(201);
  const link = await request.post(`/api/v1/tenants/${tenantId}/portal-links`, {
    headers: auth,
    data: { role: "member" },
  });
  const { url } = await link.json();

  // Signed in through the portal: this tenant's events only, none yet.
  const portal = await browser.newContext();
  const page = await portal.newPage();
  await page.goto(url);
  await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link", { name: "Events" })
    .click();
  await expect(page.getByText("No events yet")).toBeVisible();
  await expect(page.getByText(`/api/webhooks/${slug}`)).toBeVisible();
  await expect(page.getByLabel("Tenant")).toHaveCount(0);
  await page.screenshot({ path: "test-results/events-empty.png", fullPage: true });
  await expectAccessible(page);

  // The curl the page shows, sent as is: the event shows up while the page stays open.
  const posted = await request.post(`/api/webhooks/${slug}`, {
    data: { type: "order.created", order: { id: "ord_1" } },
  });
  expect(posted.status()).toBe(202);
  const events = page.getByRole("table", { name: "Events" });
  await expect(events.getByRole("link", { name: "order.created" })).toBeVisible({
    timeout: 15_000,
  });
  await expect(events.getByRole("row")).toHaveCount(2);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/events-live.png", fullPage: true });
  await portal.close();
});

test("a failed event shows why, and is re-run from its page", async ({ page, request }) => {
  test.setTimeout(90_000);
  const tenant = await request.post("/api/v1/tenants", {
    headers: auth,
    data: { name: "Lead Sync", slug: `leads-${unique()}` },
  });
  const { id: tenantId } = await tenant.json();
  const slug = `crm-${unique()}`;
  // Enrichment at the discard port: every try fails, and after its retries the event fails.
  const source = await request.post("/api/v1/sources", {
    headers: auth,
    data: {
      tenantId,
      slug,
      name: "CRM leads",
      verification: { scheme: "none" },
      eventType: { fixed: "lead.updated" },
      enrichment: { url: "http://127.0.0.1:9/enrich" },
    },
  });
  expect(source.status()).toBe(201);
  const posted = await request.post(`/api/webhooks/${slug}`, { data: { lead_id: 42 } });
  const eventId: string = (await posted.json()).events[0].id;
  await expect
    .poll(
      async () => {
        const event = await request.get(`/api/v1/events/${eventId}`, { headers: auth });
        return (await event.json()).status;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe("failed");

  await signInAs(page, admin.email, admin.password);
  await page.goto(`/events/${eventId}`);
  await expect(page.getByRole("alert").filter({ hasText: "Processing failed" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Processing failed");
  await page.screenshot({ path: "test-results/event-failed.png", fullPage: true });

  await page.getByRole("button", { name: "Re-run" }).click();
  const dialog = page.getByRole("dialog", { name: "Re-run this event?" });
  await dialog.getByRole("button", { name: "Re-run" }).click();
  await expect(page.getByText("Processing runs again")).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" })).not.toContainText("failed");
});
