import { describe, expect, it } from "vitest";
import { db } from "@/domain/db";
import { SIGN_IN_ATTEMPTS_PER_MINUTE } from "@/server/auth/auth";
import {
  api,
  expectError,
  newApiTenant,
  nowhere,
  ok,
  serveApiForTheseTests,
  serverUrl,
} from "../api/rest-kit";
import {
  cookiesOf,
  type HttpReply,
  httpFrom,
  newPerson,
  randomLoopback,
  signIn,
  signInRequest,
} from "../support/people";
import { asBrowser, signedInMember } from "./access-kit";

serveApiForTheseTests();

describe("sign-in", () => {
  it("a person signs in with email and password, reads with the cookie, and signs out", async () => {
    const person = await newPerson({ platformRole: "viewer" });
    const cookie = await signIn(serverUrl(), person);
    expect(cookie).toMatch(/switchyard\.session_token=/);
    const tenants = await api("GET", "/tenants", { key: null, headers: { cookie } });
    expect(tenants.status).toBe(200);
    const out = await httpFrom(`${serverUrl()}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: serverUrl(), "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect((await api("GET", "/tenants", { key: null, headers: { cookie } })).status).toBe(401);
  });

  it("a wrong password signs nobody in", async () => {
    const person = await newPerson();
    const reply = await signInRequest(serverUrl(), person.email, "wrong-password");
    expect(reply.status).toBe(401);
    expect(cookiesOf(reply)).not.toMatch(/session_token/);
  });

  it("an unknown email, or another person's password, is the same 401 without a cookie", async () => {
    const person = await newPerson();
    const other = await newPerson();
    const unknown = await signInRequest(serverUrl(), "nobody@example.test", person.password);
    const crossed = await signInRequest(serverUrl(), person.email, other.password);
    for (const reply of [unknown, crossed]) {
      expect(reply.status, reply.text).toBe(401);
      expect(cookiesOf(reply)).not.toMatch(/session_token/);
    }
  });

  it("a session reads the tenants its person belongs to, and the email is not case-sensitive", async () => {
    const tenant = await newApiTenant("who");
    const person = await newPerson({ tenants: [{ tenantId: tenant.id, role: "member" }] });
    const cookie = await signIn(serverUrl(), { ...person, email: person.email.toUpperCase() });
    const tenants = ok(await asBrowser(cookie, "GET", "/tenants"));
    expect(tenants.items.map((t: { id: string }) => t.id)).toEqual([tenant.id]);
    // Sessions are Better Auth's rows: one for this sign-in, held by this person.
    expect(await db.session.count({ where: { userId: person.id } })).toBe(1);
  });

  it("signing out ends that session only: the same person's other session still works", async () => {
    const person = await newPerson({ platformRole: "viewer" });
    const first = await signIn(serverUrl(), person);
    const second = await signIn(serverUrl(), person);
    expect(first).not.toBe(second);
    const out = await httpFrom(`${serverUrl()}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: first, origin: serverUrl(), "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status, out.text).toBe(200);
    expectError(await asBrowser(first, "GET", "/tenants"), 401, "unauthorized");
    expect((await asBrowser(second, "GET", "/tenants")).status).toBe(200);
    expect(await db.session.count({ where: { userId: person.id } })).toBe(1);
  });

  it("an expired session is refused with 401", async () => {
    const person = await newPerson({ platformRole: "viewer" });
    const cookie = await signIn(serverUrl(), person);
    expect((await asBrowser(cookie, "GET", "/tenants")).status).toBe(200);
    const expired = await db.session.updateMany({
      where: { userId: person.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    expect(expired.count).toBe(1);
    expectError(await asBrowser(cookie, "GET", "/tenants"), 401, "unauthorized");
    expectError(await asBrowser(cookie, "GET", "/audit-log"), 401, "unauthorized");
  });

  it("a forged or altered session cookie is refused with 401", async () => {
    const person = await newPerson({ platformRole: "viewer" });
    const cookie = await signIn(serverUrl(), person);
    const [name, value = ""] = cookie.split(";")[0]?.split("=") ?? [];
    const altered = `${name}=${value.slice(0, -4)}${value.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const forged = "switchyard.session_token=not-a-session.not-a-signature";
    for (const bad of [altered, forged]) {
      expectError(await asBrowser(bad, "GET", "/tenants"), 401, "unauthorized");
    }
  });

  /** Wrong passwords from one address until it is refused; the statuses and the refusal. */
  async function exhaustSignIn(email: string, from: string) {
    const statuses: number[] = [];
    let limited: HttpReply | undefined;
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE * 2 && !limited; i++) {
      const reply = await signInRequest(serverUrl(), email, `wrong-${i}`, from);
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    return { statuses, limited };
  }

  it(`sign-in is rate limited per client address: more than ${SIGN_IN_ATTEMPTS_PER_MINUTE} tries a minute are refused with 429`, async () => {
    const person = await newPerson();
    const from = randomLoopback();
    const { statuses, limited } = await exhaustSignIn(person.email, from);
    // Every try within the limit was answered (wrong password); the next was refused.
    expect(statuses).toEqual([...Array(SIGN_IN_ATTEMPTS_PER_MINUTE).fill(401), 429]);
    expect(cookiesOf(limited as HttpReply)).not.toMatch(/session_token/);
    // The right password from that address is refused too: the limit is not a hint.
    const right = await signInRequest(serverUrl(), person.email, person.password, from);
    expect(right.status).toBe(429);
    expect(cookiesOf(right)).not.toMatch(/session_token/);
    // Another address is not limited by it.
    const elsewhere = await signInRequest(
      serverUrl(),
      person.email,
      person.password,
      randomLoopback(),
    );
    expect(elsewhere.status, elsewhere.text).toBe(200);
    expect(cookiesOf(elsewhere)).toMatch(/switchyard\.session_token=/);
  });

  it("a rate-limited sign-in says when to come back: Retry-After in seconds", async () => {
    const person = await newPerson();
    const { limited } = await exhaustSignIn(person.email, randomLoopback());
    expect(limited?.status).toBe(429);
    const headers = limited?.headers ?? {};
    // Retry-After is the standard header (RFC 9110); X-Retry-After alone is not it.
    expect(headers["retry-after"] ?? "(missing)", JSON.stringify(headers)).toMatch(/^\d+$/);
    expect(Number(headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(headers["retry-after"])).toBeLessThanOrEqual(60);
  });

  it("a header naming another client address does not escape the limit", async () => {
    const person = await newPerson();
    const from = randomLoopback();
    let last = 0;
    for (let i = 0; i <= SIGN_IN_ATTEMPTS_PER_MINUTE; i++) {
      const reply = await httpFrom(`${serverUrl()}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: serverUrl(),
          "x-forwarded-for": `10.0.${i}.1`,
          "x-real-ip": `10.1.${i}.1`,
          "x-switchyard-client-ip": `10.2.${i}.1`,
        },
        body: JSON.stringify({ email: person.email, password: `wrong-${i}` }),
        from,
      });
      last = reply.status;
    }
    expect(last).toBe(429);
  });
});

describe("cross-site requests (CSRF)", () => {
  it("a cookie-authenticated change from another Origin is refused 403; from ours it works", async () => {
    const tenant = await newApiTenant("csrf");
    const owner = await signedInMember(tenant.id, "owner");
    const body = { tenantId: tenant.id, url: nowhere };
    for (const origin of ["https://evil.example", `${serverUrl()}.evil.example`, "null"]) {
      expectError(
        await asBrowser(owner.cookie, "POST", "/endpoints", { body, origin }),
        403,
        "forbidden",
      );
    }
    // No Origin (and no Sec-Fetch-Site) is not taken for ours either.
    expectError(
      await asBrowser(owner.cookie, "POST", "/endpoints", { body, origin: null }),
      403,
      "forbidden",
    );
    const listed = ok(await api("GET", `/endpoints?tenantId=${tenant.id}`));
    expect(listed.items).toHaveLength(0);

    const created = await asBrowser(owner.cookie, "POST", "/endpoints", { body });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ tenantId: tenant.id, url: nowhere });
  });

  it("reads with a cookie need no Origin; an API key needs none for changes", async () => {
    const tenant = await newApiTenant("csrf-read");
    const owner = await signedInMember(tenant.id, "owner");
    const read = await asBrowser(owner.cookie, "GET", "/tenants", {
      origin: "https://evil.example",
    });
    expect(read.status).toBe(200);
    const byKey = await api("POST", "/endpoints", {
      body: { tenantId: tenant.id, url: nowhere },
      headers: { origin: "https://evil.example" },
    });
    expect(byKey.status, byKey.text).toBe(201);
  });
});
