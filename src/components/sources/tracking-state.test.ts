import { describe, expect, it } from "vitest";
import { applyObservation, observe } from "@/domain/subjects/subject-state";
import { trackingRule } from "@/domain/subjects/tracking-rule";
import { emptyForm } from "./form-state";
import { trackingSample } from "./tracking-sample";
import {
  emptyTracking,
  type TrackingFormState,
  trackingErrors,
  trackingFormOf,
  trackingOf,
} from "./tracking-state";

const typed: TrackingFormState = {
  ...emptyTracking,
  enabled: true,
  status: " job.status ",
  terminal: "completed, failed,, ",
  progress: "job.progress",
  result: "job.output",
  fields: [
    { key: "phone", value: "customer.phone" },
    { key: " ", value: "ignored.row" },
  ],
  polling: true,
  pollUrl: "https://api.example.com/jobs/{subject}",
  pollHeaders: [{ key: "Authorization", value: "Bearer k" }],
  pollStatus: "state",
  pollResult: "output",
};

describe("the tracking part of the source form", () => {
  it("sends no rule when tracking is off, so an edit removes it", () => {
    expect(trackingOf(emptyTracking)).toBeNull();
  });

  it("sends the rule the server accepts, and reads it back the same", () => {
    const input = trackingOf(typed);
    expect(input).toMatchObject({
      status: "job.status",
      terminal: ["completed", "failed"],
      progress: "job.progress",
      result: "job.output",
      error: undefined,
      fields: { phone: "customer.phone" },
      poll: { url: "https://api.example.com/jobs/{subject}", after: "5m", timeoutMs: 10_000 },
    });
    const rule = trackingRule.parse(input);
    const again = trackingFormOf(rule);
    expect(again).toMatchObject({
      enabled: true,
      status: "job.status",
      terminal: "completed, failed",
      fields: [{ key: "phone", value: "customer.phone" }],
      polling: true,
      pollHeaders: [{ key: "authorization", value: "Bearer k" }],
      pollStatus: "state",
      pollResult: "output",
    });
  });

  it("builds a sample that closes the subject with a result, its subject where the source reads it", () => {
    const state = { ...emptyForm, subjectFrom: "path" as const, subjectValue: "job.id" };
    const payload = JSON.parse(trackingSample(state, typed));
    expect(payload.job.id).toBe("job-1042");
    const seen = observe(
      { status: "job.status", progress: "job.progress", result: "job.output" },
      payload,
    );
    const verdict = applyObservation(
      {
        status: null,
        terminal: false,
        progress: null,
        result: null,
        error: null,
        fields: {},
        updatedBy: null,
      },
      seen,
      ["completed", "failed"],
      "webhook",
    );
    expect(verdict.state).toMatchObject({ status: "completed", terminal: true, progress: 100 });
    expect(verdict.state.result).toBeTruthy();
  });

  it("puts the server's messages on the control they are about", () => {
    const errors = trackingErrors({
      "tracking.terminal.1": "required",
      "tracking.poll.url": "the URL must contain {subject}",
    });
    expect(errors.at("tracking.terminal")).toBe("required");
    expect(errors.at("tracking.poll.url")).toBe("the URL must contain {subject}");
    expect(errors.at("tracking.poll.status")).toBeUndefined();
  });
});
