// People for access tests: made directly in the database (as the set-up link or an invitation
// would), then signed in over real HTTP through Better Auth, which answers with the cookie.
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { createPerson } from "@/domain/access/people";
import { db } from "@/domain/db";
import type { PlatformRole, TenantRole } from "@/generated/prisma/enums";

export interface TestPerson {
  id: string;
  email: string;
  password: string;
}

/** A person with an optional platform role and roles in some tenants. */
export async function newPerson(
  opts: { platformRole?: PlatformRole; tenants?: { tenantId: string; role: TenantRole }[] } = {},
): Promise<TestPerson> {
  const email = `person-${randomBytes(6).toString("hex")}@example.test`;
  const password = `pw-${randomBytes(12).toString("hex")}`;
  const user = await db.$transaction((tx) =>
    createPerson(tx, { name: "Test Person", email, password, role: opts.platformRole ?? null }),
  );
  for (const { tenantId, role } of opts.tenants ?? []) {
    await db.membership.create({ data: { tenantId, userId: user.id, role } });
  }
  return { id: user.id, email, password };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request from a chosen loopback address: sign-in is rate limited per client
 * address, so each test signs in from its own (127.x.y.z) unless it asks for one.
 */
export function httpFrom(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? "GET",
        headers: opts.headers,
        localAddress: opts.from ?? randomLoopback(),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

export function randomLoopback(): string {
  const [a, b, c] = randomBytes(3);
  return `127.${a}.${b}.${Math.max(1, c ?? 1)}`;
}

/** The `name=value` pairs of a reply's Set-Cookie headers, ready for a Cookie header. */
export function cookiesOf(reply: HttpReply): string {
  const setCookie = reply.headers["set-cookie"] ?? [];
  return (Array.isArray(setCookie) ? setCookie : [setCookie])
    .map((cookie) => cookie.split(";")[0])
    .filter((pair) => pair && !pair.endsWith("="))
    .join("; ");
}

/** Signs in with email and password; returns the reply (status 200 and a cookie on success). */
export function signInRequest(baseUrl: string, email: string, password: string, from?: string) {
  return httpFrom(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
    from,
  });
}

/** Signs a person in and returns their session cookie. */
export async function signIn(baseUrl: string, person: TestPerson): Promise<string> {
  const reply = await signInRequest(baseUrl, person.email, person.password);
  if (reply.status !== 200) throw new Error(`Sign-in failed: ${reply.status} ${reply.text}`);
  return cookiesOf(reply);
}
