import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_BATCH_SIZE } from "@/lib/trpc-batch";
import { GET, POST } from "./route";

process.env.ADMIN_API_KEY = `admin-${randomBytes(16).toString("hex")}`;

/** A batched tRPC GET of `count` calls to one query, as the admin. */
function batchOf(count: number): Request {
  const paths = Array.from({ length: count }, () => "stats.overview").join(",");
  const input = Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { json: {} }]));
  const url = new URL(`http://localhost/api/trpc/${paths}`);
  url.searchParams.set("batch", "1");
  url.searchParams.set("input", JSON.stringify(input));
  return new Request(url, { headers: { authorization: `Bearer ${process.env.ADMIN_API_KEY}` } });
}

describe("tRPC batching", () => {
  it("refuses a caller who is not signed in (401)", async () => {
    const anonymous = new Request(new URL(batchOf(1).url));
    expect((await GET(anonymous)).status).toBe(401);
  });

  it("answers a batch within the limit and refuses a larger one with a 400", async () => {
    expect((await GET(batchOf(2))).status).toBe(200);
    expect((await GET(batchOf(MAX_BATCH_SIZE))).status).toBe(200);
    const refused = await GET(batchOf(MAX_BATCH_SIZE + 1));
    expect(refused.status).toBe(400);
  });
});

describe("JSON depth", () => {
  /** A POST of events.publish whose data nests `depth` levels deep, as the admin. */
  function nested(depth: number): Request {
    const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    return new Request("http://localhost/api/trpc/events.publish", {
      method: "POST",
      headers: {
        authorization: `Bearer ${process.env.ADMIN_API_KEY}`,
        "content-type": "application/json",
      },
      body: `{"json":{"tenantId":"ten_none","type":"a.b","data":${deep}}}`,
    });
  }

  it("refuses input nested deeper than 64 levels with a 400 that says so", async () => {
    for (const depth of [65, 10_000, 500_000]) {
      const refused = await POST(nested(depth));
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("64 levels");
    }
  });
});
