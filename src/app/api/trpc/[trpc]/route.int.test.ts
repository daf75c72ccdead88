import { describe, expect, it } from "vitest";
import { MAX_BATCH_SIZE } from "@/lib/trpc-batch";
import { GET } from "./route";

/** A batched tRPC GET of `count` calls to one query. */
function batchOf(count: number): Request {
  const paths = Array.from({ length: count }, () => "console.overview").join(",");
  const input = Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { json: null }]));
  const url = new URL(`http://localhost/api/trpc/${paths}`);
  url.searchParams.set("batch", "1");
  url.searchParams.set("input", JSON.stringify(input));
  return new Request(url);
}

describe("tRPC batching", () => {
  it("answers a batch within the limit and refuses a larger one with a 400", async () => {
    expect((await GET(batchOf(2))).status).toBe(200);
    expect((await GET(batchOf(MAX_BATCH_SIZE))).status).toBe(200);
    const refused = await GET(batchOf(MAX_BATCH_SIZE + 1));
    expect(refused.status).toBe(400);
  });
});
