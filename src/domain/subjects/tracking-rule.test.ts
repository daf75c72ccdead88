import { describe, expect, it } from "vitest";
import { pollUrlFor, trackingRule } from "./tracking-rule";

describe("pollUrlFor", () => {
  it("puts the subject's key, URL-encoded, in place of every {subject}", () => {
    expect(pollUrlFor("https://p.example/jobs/{subject}", "render a/1")).toBe(
      "https://p.example/jobs/render%20a%2F1",
    );
    expect(pollUrlFor("https://p.example/s?id={subject}&again={subject}", "a&b=c")).toBe(
      "https://p.example/s?id=a%26b%3Dc&again=a%26b%3Dc",
    );
    // Replacement patterns in a key are text, not patterns.
    expect(pollUrlFor("https://p.example/{subject}", "$&$'")).toBe("https://p.example/%24%26%24'");
  });

  it("fills in a placeholder pasted percent-encoded, as the rule accepts it", () => {
    for (const url of [
      "https://p.example/jobs/%7Bsubject%7D",
      "https://p.example/jobs/%7bsubject%7d",
      "https://p.example/jobs/%7Bsubject}",
    ]) {
      const rule = trackingRule.parse({ status: "s", poll: { url, status: "s" } });
      expect(pollUrlFor(rule.poll?.url ?? "", "job 7"), url).toBe("https://p.example/jobs/job%207");
    }
  });

  it("refuses a poll URL with broken percent-encoding as invalid, without throwing", () => {
    const broken = {
      status: "s",
      poll: { url: "https://p.example/%E0%A4%A/{subject}", status: "s" },
    };
    expect(() => trackingRule.safeParse(broken)).not.toThrow();
    const noPlaceholder = trackingRule.safeParse({
      status: "s",
      poll: { url: "https://p.example/%/jobs", status: "s" },
    });
    expect(noPlaceholder.success).toBe(false);
    expect(noPlaceholder.error?.issues.map((i) => i.path.join("."))).toContain("poll.url");
  });
});
