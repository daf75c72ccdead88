import { request } from "node:http";

/**
 * POSTs headers announcing `length` bytes of body (or a chunked body when `length` is null)
 * but sends only its first bytes, and returns the status the server answers with meanwhile:
 * 0 when it waits for the rest, i.e. when it reads a body it should have refused unread.
 */
export function statusBeforeBodyIsSent(
  url: string,
  length: number | null,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const framing = length === null ? {} : { "content-length": length };
    const req = request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...framing, ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(0);
    }, 3_000);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write('{"type": "a.b", "data": {');
  });
}
