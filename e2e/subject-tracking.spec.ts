import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./axe";
import { newTenant } from "./delivery-kit";
import { admin, signInAs } from "./people";

// A transcription provider calls back as its jobs move. Make a source with a tracking rule in
// the console (its preview shows what a webhook maps to), post a job's two callbacks, and
// read where the job stands on its subject page and in the subjects list.
test("a source's tracking rule moves its subjects' state, shown on the subject page and list", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const unique = Date.now().toString(36);
  const tenant = await newTenant(request, `Transcribe ${unique}`);
  await signInAs(page, admin.email, admin.password);
  await page.goto("/sources/new");
  await page.getByLabel("Tenant").selectOption({ label: tenant.name });
  await page.getByLabel("Name", { exact: true }).fill(`Transcription jobs ${unique}`);
  const slug = await page.getByLabel("Slug").inputValue();
  await page.getByLabel("Verification scheme").selectOption("none");
  await page.getByLabel("Event type from").selectOption("path");
  await page.getByLabel("Event type path").fill("type");
  await page.getByLabel("Subject from").selectOption("path");
  await page.getByLabel("Subject path").fill("job.id");

  const tracking = page.getByRole("region", { name: "Subject tracking" });
  await tracking.getByLabel("Track subjects' state").check();
  await tracking.getByLabel("Status path", { exact: true }).fill("job.status");
  await tracking.getByLabel("Terminal statuses").fill("completed, failed");
  await tracking.getByLabel("Progress path", { exact: true }).fill("job.progress");
  await tracking.getByLabel("Result path", { exact: true }).fill("job.result");
  await tracking.getByLabel("Error path", { exact: true }).fill("job.error");
  await tracking.getByRole("button", { name: "Add a field" }).click();
  await tracking.getByLabel("Field name 1").fill("language");
  await tracking.getByLabel("Field path 1").fill("job.language");
  // A provider whose status API is down: silent jobs are asked after a second, and fail.
  await tracking.getByLabel("Poll the provider when a subject is silent").check();
  await tracking.getByLabel("Poll URL").fill("http://127.0.0.1:9/jobs/{subject}");
  await tracking.getByLabel("Poll after").fill("1s");
  await tracking.getByRole("button", { name: "Add a header" }).click();
  await tracking.getByLabel("Poll header name 1").fill("authorization");
  await tracking.getByLabel("Poll header value 1").fill("Bearer provider-key");
  await tracking.getByLabel("Poll status path").fill("state");

  // The sample follows the paths and closes the job; a typed one is read as it is typed.
  const preview = tracking.getByRole("region", { name: "Preview", exact: true });
  await expect(preview).toContainText("completed");
  await expect(preview).toContainText("Yes: this closes the subject");
  const sample = tracking.getByLabel("Sample payload");
  await sample.fill(
    JSON.stringify({ job: { id: "j-1", status: "processing", progress: "40%", language: "fr" } }),
  );
  await expect(preview).toContainText("processing");
  await expect(preview).toContainText("No: the subject stays open");
  await expect(preview.getByRole("progressbar", { name: "Progress 40%" })).toBeVisible();
  await expect(preview).toContainText("language = fr");
  await sample.fill('{"job": ');
  await expect(tracking.getByText(/^Not valid JSON/)).toBeVisible();
  await expect(sample).toHaveAttribute("aria-invalid", "true");
  await tracking.getByRole("button", { name: "Rebuild the sample from the paths" }).click();
  await expect(preview).toContainText("Yes: this closes the subject");
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/subject-tracking-form.png", fullPage: true });

  await page.getByRole("button", { name: "Create source" }).click();
  await page
    .getByRole("region", { name: "Source created" })
    .getByRole("link", { name: "Open source" })
    .click();
  const rule = page.getByRole("region", { name: "Subject tracking" });
  await expect(rule).toContainText("job.status");
  await expect(rule).toContainText("language ← job.language");
  await expect(rule).toContainText("after 1s silent, then every 1m");
  await expect(rule).not.toContainText("provider-key");
  await expect(page.getByRole("region", { name: "Recent events" })).toContainText("No events yet");
  await page.screenshot({ path: "test-results/subject-tracking-source.png", fullPage: true });

  // Editing keeps the rule as it was, the poll header's value masked (it is a credential), and
  // saves the change.
  await page.getByRole("link", { name: "Edit" }).click();
  const editing = page.getByRole("region", { name: "Subject tracking" });
  await expect(editing.getByLabel("Status path", { exact: true })).toHaveValue("job.status");
  await expect(editing.getByLabel("Poll header value 1")).toHaveValue("********");
  await editing.getByLabel("Terminal statuses").fill("completed, failed, cancelled");
  await page.getByRole("button", { name: "Save source" }).click();
  await expect(page.getByRole("region", { name: "Subject tracking" })).toContainText("cancelled");

  // The provider's two callbacks for one job, and one for a job still running.
  const job = `job-${unique}`;
  const post = async (body: object) => {
    const answer = await request.post(`/api/webhooks/${slug}`, { data: body });
    expect(answer.status(), await answer.text()).toBe(202);
  };
  await post({
    type: "job.updated",
    job: { id: job, status: "processing", progress: 40, language: "en" },
  });
  await post({
    type: "job.updated",
    job: {
      id: job,
      status: "completed",
      progress: 100,
      result: { transcript: "Hello, world", words: 2 },
    },
  });
  // A late callback for the finished job: kept, but it changes nothing.
  await post({ type: "job.updated", job: { id: job, status: "processing", progress: 90 } });
  await post({ type: "job.updated", job: { id: `${job}-b`, status: "processing", progress: 5 } });
  await post({
    type: "job.updated",
    job: { id: `${job}-c`, status: "failed", error: { code: "audio_unreadable" } },
  });

  await page.goto(`/subjects/${job}?tenantId=${tenant.id}`);
  await expect(page.getByRole("heading", { name: job, level: 1 })).toBeVisible();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("completed");
  await expect(summary).toContainText("Terminal");
  await expect(summary).toContainText("webhook");
  await expect(summary.getByRole("progressbar", { name: "Progress 100%" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Result" }).first()).toContainText("Hello, world");
  await expect(page.getByRole("region", { name: "Searchable fields" })).toContainText("en");
  const timeline = page.getByRole("table", { name: "Timeline" });
  await expect(timeline.getByRole("row")).toHaveCount(4);
  await expect(timeline.getByRole("row").nth(1)).toContainText("processing");
  await expect(timeline.getByRole("row").nth(2)).toContainText("completed");
  await expect(timeline.getByRole("row").nth(2)).not.toContainText("ignored");
  await expect(timeline.getByRole("row").nth(3)).toContainText("processing");
  await expect(timeline.getByRole("row").nth(3)).toContainText("ignored");
  await expect(timeline.getByRole("row").nth(3)).toContainText("changed nothing");
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/subject-tracking-subject.png", fullPage: true });

  // The failed job shows its error; the running one, how its polls go.
  await page.goto(`/subjects/${job}-c?tenantId=${tenant.id}`);
  await expect(page.getByRole("region", { name: "Error" }).first()).toContainText(
    "audio_unreadable",
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/subject-tracking-failed.png", fullPage: true });
  await page.goto(`/subjects/${job}-b?tenantId=${tenant.id}`);
  await expect(page.getByRole("region", { name: "Polling" })).toContainText("Next poll");
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("Open");
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/subject-tracking-polled.png", fullPage: true });

  // The list, filtered by state: the finished job, not the running one; and the other way.
  await page.goto(`/subjects?tenantId=${tenant.id}`);
  const list = page.getByRole("table", { name: "Subjects" });
  await expect(list.getByRole("link", { name: `${job}-b` })).toBeVisible();
  await page.getByLabel("State").selectOption({ label: "Terminal" });
  await expect(page).toHaveURL(/terminal=true/);
  await expect(list.getByRole("link", { name: job, exact: true })).toBeVisible();
  await expect(list.getByRole("link", { name: `${job}-b` })).toHaveCount(0);
  const row = list.getByRole("row", { name: new RegExp(`${job} `) });
  await expect(row).toContainText("Terminal");
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: "test-results/subject-tracking-list.png", fullPage: true });
  await page.getByLabel("State").selectOption({ label: "Open" });
  await expect(page).toHaveURL(/terminal=false/);
  await expect(list.getByRole("link", { name: `${job}-b` })).toBeVisible();
  await expect(list.getByRole("link", { name: job, exact: true })).toHaveCount(0);
});

test("the server's word on a tracking rule appears beside its fields", async ({ page }) => {
  await signInAs(page, admin.email, admin.password);
  await page.goto("/sources/new");
  await page.getByLabel("Tenant").selectOption({ label: "Demo" });
  await page.getByLabel("Name", { exact: true }).fill("Broken tracking");
  const tracking = page.getByRole("region", { name: "Subject tracking" });
  await tracking.getByLabel("Track subjects' state").check();
  await tracking.getByLabel("Status path", { exact: true }).fill("");
  await tracking.getByLabel("Poll the provider when a subject is silent").check();
  await tracking.getByLabel("Poll URL").fill("https://api.example.com/jobs");
  await page.getByRole("button", { name: "Create source" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The server refused" })).toBeVisible();
  await expect(tracking.getByLabel("Status path", { exact: true })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(tracking.getByLabel("Poll URL")).toHaveAttribute("aria-invalid", "true");
  await expect(tracking.getByText("the URL must contain {subject}")).toBeVisible();
  await expect(tracking.getByText("Type a status path to see")).toBeVisible();
  await page.screenshot({ path: "test-results/subject-tracking-errors.png", fullPage: true });
});
