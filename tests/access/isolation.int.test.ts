import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type Body,
  newApiEndpoint,
  nowhere,
  ok,
  publish,
  query,
  serveApiForTheseTests,
  serverUrl,
  waitForDeliveries,
} from "../api/rest-kit";
import { appRunnerForTheseTests } from "../support/inbound-kit";
import { cookiesOf, httpFrom, newPerson, signIn, type TestPerson } from "../support/people";
import { startReceiver } from "../support/receiver";
import {
  allProcedures,
  type Caller,
  callRest,
  callTrpc,
  type Marker,
  type Probe,
  type Procedure,
  probesFor,
  type Reply,
  type Row,
  restRoutes,
  signedIn,
  type TenantWorld,
  table,
  verdictFor,
  violationsOf,
} from "./isolation-kit";

// Tenant isolation, generated from the router (PRODUCT.md, "People, roles and the console"):
// every tRPC procedure and every REST route is called by every kind of caller with inputs
// aimed at another tenant's things, and must refuse them (401 without a caller, 403 without
// the permission, 403/404 for the other tenant) without showing any of them. A procedure
// added to the router is called here without editing this file; the last test fails if one
// was not. DEBUG_ISOLATION=1 prints procedure x caller -> status.
serveApiForTheseTests();
process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
appRunnerForTheseTests();

type World = TenantWorld & { apiKey: string; owner: TestPerson };

const procedures = allProcedures();
const rows: Row[] = [];
const callers: Caller[] = [];
let A: World;
let B: World;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const receipts = { a: `receipt-a-${hex()}`, b: `receipt-b-${hex()}` };
let bBefore: { events: number; deliveries: number };

function hex() {
  return randomBytes(5).toString("hex");
}

/** A tenant with one of everything, made by the admin over REST, and its markers. */
async function buildWorld(label: "A" | "B", receiverUrl: string): Promise<World> {
  const tag = `${label.toLowerCase()}${hex()}`;
  const tenant = ok(
    await api("POST", "/tenants", { body: { name: `Isolation ${tag}`, slug: `iso-${tag}` } }),
    201,
  );
  const sourceSecret = `srcsecret-${tag}`;
  const source = ok(
    await api("POST", "/sources", {
      body: {
        tenantId: tenant.id,
        slug: `src-${tag}`,
        name: `Source ${tag}`,
        verification: { scheme: "shared_secret", secret: sourceSecret },
        // The provider's credential for polls is a secret like the source's own.
        tracking: {
          status: "status",
          poll: {
            url: "http://127.0.0.1:9/jobs/{subject}",
            headers: { authorization: `Bearer polltoken-${tag}` },
            after: "30d",
            status: "status",
          },
        },
      },
    }),
    201,
  );
  const endpoint = await newApiEndpoint(tenant.id, `${receiverUrl}-${tag}`);
  const key = ok(
    await api("POST", `/tenants/${tenant.id}/api-keys`, { body: { name: `key ${tag}` } }),
    201,
  );
  const subjectKey = `subject-${tag}`;
  const idempotencyKey = `idem-${tag}`;
  const payload = `payload-${tag}`;
  const event = await publish(
    tenant.id,
    "isolation.created",
    { note: payload },
    { subject: subjectKey, idempotencyKey },
  );
  const [delivery] = await waitForDeliveries(event.id, (d: Body) => d.status !== "pending");
  const subject = ok(await api("GET", `/subjects/${subjectKey}${query({ tenantId: tenant.id })}`));
  // A group named like the subject: a `key` in a probe names both.
  const group = ok(
    await api("POST", "/groups", {
      body: {
        sourceId: source.id,
        key: subjectKey,
        type: `batch_${tag}`,
        members: [`member-${tag}`],
      },
    }),
    201,
  );
  const bulk = ok(
    await api("POST", "/deliveries/bulk-retry", { body: { tenantId: tenant.id } }),
    202,
  );
  const inviteeEmail = `invitee-${tag}@example.test`;
  const invitation = ok(
    await api("POST", "/invitations", {
      body: { email: inviteeEmail, tenantId: tenant.id, role: "member" },
    }),
    201,
  );
  const owner = await newPerson({ tenants: [{ tenantId: tenant.id, role: "owner" }] });
  const audit = ok(await api("GET", `/audit-log${query({ tenantId: tenant.id })}`)).items[0];

  const ids = {
    tenant: tenant.id,
    source: source.id,
    endpoint: endpoint.id,
    event: event.id,
    delivery: delivery.id,
    subject: subject.id,
    bulkRetry: bulk.id,
    invitation: invitation.id,
    user: owner.id,
    apiKey: key.id,
    audit: audit.id,
  };
  const seen = (name: string, value: string): Marker => ({ label: name, value, secret: false });
  const secret = (name: string, value: string): Marker => ({ label: name, value, secret: true });
  const markers: Marker[] = [
    ...Object.entries(ids).map(([kind, id]) => seen(`${label}'s ${kind} id`, id)),
    seen(`${label}'s tenant slug`, tenant.slug),
    seen(`${label}'s tenant name`, tenant.name),
    seen(`${label}'s source slug`, source.slug),
    seen(`${label}'s endpoint url`, endpoint.url),
    seen(`${label}'s subject key`, subjectKey),
    seen(`${label}'s group id`, group.id),
    seen(`${label}'s group member`, `member-${tag}`),
    seen(`${label}'s idempotency key`, idempotencyKey),
    seen(`${label}'s event payload`, payload),
    seen(`${label}'s endpoint's answer`, label === "A" ? receipts.a : receipts.b),
    seen(`${label}'s owner's email`, owner.email),
    seen(`${label}'s invitee's email`, inviteeEmail),
    seen(`${label}'s API key prefix`, key.prefix),
    secret(`${label}'s endpoint secret`, endpoint.secret),
    secret(`${label}'s source secret`, sourceSecret),
    secret(`${label}'s poll credential`, `polltoken-${tag}`),
    secret(`${label}'s API key`, key.key),
    secret(`${label}'s invitation token`, String(invitation.url).split("/").at(-1) ?? ""),
  ];
  for (const marker of markers) expect(marker.value, marker.label).toBeTruthy();
  return { label, ids, subjectKey, idempotencyKey, markers, apiKey: key.key, owner };
}

async function countsOf(tenantId: string) {
  const events = ok(await api("GET", `/events${query({ tenantId, limit: 200 })}`)).items.length;
  const deliveries = ok(await api("GET", `/deliveries${query({ tenantId, limit: 200 })}`)).items
    .length;
  return { events, deliveries };
}

beforeAll(async () => {
  receiver = await startReceiver((_n, request) => ({
    status: 200,
    body: request.body.includes("payload-b") ? receipts.b : receipts.a,
  }));
  A = await buildWorld("A", receiver.url);
  B = await buildWorld("B", receiver.url);
  bBefore = await countsOf(B.ids.tenant);

  const member = await newPerson({ tenants: [{ tenantId: A.ids.tenant, role: "member" }] });
  const viewer = await newPerson({ platformRole: "viewer" });
  const link = ok(
    await api("POST", `/tenants/${A.ids.tenant}/portal-links`, { body: { role: "member" } }),
    201,
  );
  const opened = await httpFrom(link.url);
  expect(opened.status, opened.text).toBe(303);
  callers.push(
    { name: "anonymous" },
    { name: "ownerA", cookie: await signIn(serverUrl(), A.owner), tenantRole: "owner" },
    { name: "memberA", cookie: await signIn(serverUrl(), member), tenantRole: "member" },
    { name: "viewer", cookie: await signIn(serverUrl(), viewer), platformRole: "viewer" },
    { name: "portalA", cookie: cookiesOf(opened), tenantRole: "member" },
    { name: "keyA", key: A.apiKey, tenantRole: "owner" },
  );
  expect(callers.find((c) => c.name === "portalA")?.cookie).toMatch(/switchyard\.portal=/);
});

afterAll(async () => {
  await receiver?.stop();
});

/** Calls one probe as every caller; returns what broke a rule, ready to read. */
async function probeAll(
  transport: "trpc" | "rest",
  procedure: Procedure,
  probe: Probe,
  successStatus: number,
): Promise<string[]> {
  const problems: string[] = [];
  for (const caller of callers) {
    const reply: Reply =
      transport === "trpc"
        ? await callTrpc(caller, procedure, probe.input)
        : await callRest(caller, procedure, probe.input, serverUrl());
    const verdict = verdictFor(caller, procedure, probe, { own: A, foreign: B }, successStatus);
    const found = violationsOf(reply, verdict);
    rows.push({
      transport,
      procedure: procedure.path,
      probe: probe.label,
      caller: caller.name,
      status: reply.status,
      problems: found,
    });
    if (found.length > 0) {
      problems.push(
        `${transport} ${procedure.path} ${probe.label} as ${caller.name}: ${found.join("; ")}\n` +
          `    sent ${reply.sent}\n    got  ${reply.status} ${reply.text.slice(0, 600)}`,
      );
    }
  }
  return problems;
}

describe("the router", () => {
  it("has procedures, each built from a named procedure kind (none unguarded)", () => {
    expect(procedures.length).toBeGreaterThan(0);
    const unguarded = procedures.filter((p) => p.kind === null).map((p) => p.path);
    expect(unguarded).toEqual([]);
  });

  it("serves every procedure with an openapi route as a REST route, and no other", () => {
    const withRoute = procedures.filter((p) => p.openapi).map((p) => p.path);
    expect(restRoutes.map((route) => route.procedure).sort()).toEqual(withRoute.sort());
  });

  it("has exactly the four token procedures public", () => {
    const open = procedures.filter((p) => p.permission === null).map((p) => p.path);
    expect(open.sort()).toEqual(
      [
        "account.acceptInvitation",
        "account.completeSetup",
        "account.invitation",
        "account.setupLinkIsValid",
      ].sort(),
    );
  });
});

describe("every tRPC procedure, as every caller, aimed at tenant B", () => {
  for (const procedure of procedures) {
    it(`${procedure.path} (${procedure.kind})`, async () => {
      const problems: string[] = [];
      for (const probe of probesFor(procedure, B, A)) {
        problems.push(...(await probeAll("trpc", procedure, probe, 200)));
      }
      expect(problems).toEqual([]);
    });
  }
});

describe("every REST route, as every caller, aimed at tenant B", () => {
  for (const route of restRoutes) {
    const procedure = procedures.find((p) => p.path === route.procedure);
    it(`${route.method} ${procedure?.openapi?.path} (${route.procedure})`, async () => {
      if (!procedure) throw new Error(`no procedure ${route.procedure}`);
      const problems: string[] = [];
      for (const probe of probesFor(procedure, B, A)) {
        problems.push(...(await probeAll("rest", procedure, probe, route.successStatus)));
      }
      expect(problems).toEqual([]);
    });
  }
});

describe("inside tenant A", () => {
  const trpc = (name: string, procedure: string, input: unknown) => {
    const caller = callers.find((c) => c.name === name);
    const found = procedures.find((p) => p.path === procedure);
    if (!caller || !found) throw new Error(`${name} ${procedure}`);
    return callTrpc(caller, found, input);
  };

  it("every caller of tenant A reads tenant A's lists, and sees its things in them", async () => {
    const lists: [string, () => string][] = [
      ["tenants.list", () => A.ids.tenant],
      ["sources.list", () => A.ids.source],
      ["endpoints.list", () => A.ids.endpoint],
      ["events.list", () => A.ids.event],
      ["deliveries.list", () => A.ids.delivery],
      ["auditLog.list", () => A.ids.tenant],
      ["stats.get", () => A.ids.endpoint],
      ["account.me", () => A.ids.tenant],
    ];
    for (const name of ["ownerA", "memberA", "portalA", "keyA"]) {
      for (const [procedure, mine] of lists) {
        const input = procedure === "account.me" ? undefined : { tenantId: A.ids.tenant };
        const reply = await trpc(name, procedure, input);
        expect(reply.status, `${name} ${procedure}: ${reply.text}`).toBe(200);
        expect(reply.text, `${name} ${procedure}`).toContain(mine());
        for (const marker of B.markers)
          expect(reply.text, marker.label).not.toContain(marker.value);
      }
    }
  });

  it("the overview counts tenant A's things only, for every caller of tenant A", async () => {
    const tenantId = A.ids.tenant;
    const countOf = async (path: string) =>
      ok(await api("GET", `${path}${query({ tenantId, limit: 200 })}`)).items.length;
    const expected = {
      tenants: 1,
      sources: await countOf("/sources"),
      endpoints: await countOf("/endpoints"),
      events: await countOf("/events"),
      deliveries: await countOf("/deliveries"),
    };
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b);
    for (const name of ["ownerA", "memberA", "portalA", "keyA"]) {
      const reply = await trpc(name, "stats.overview", {});
      expect(reply.status, reply.text).toBe(200);
      const overview = JSON.parse(reply.text).result.data.json;
      expect(
        {
          tenants: overview.tenants,
          sources: overview.sources,
          endpoints: overview.endpoints,
          events: sum(overview.events),
          deliveries: sum(overview.deliveries),
        },
        name,
      ).toEqual(expected);
    }
  });

  it("a member, or a portal member session, may not create endpoints or sources; an owner may", async () => {
    const endpoint = () => ({ tenantId: A.ids.tenant, url: nowhere });
    const source = () => ({ tenantId: A.ids.tenant, slug: `own-${hex()}`, name: "Own" });
    for (const name of ["memberA", "portalA"]) {
      expect((await trpc(name, "endpoints.create", endpoint())).status, name).toBe(403);
      expect((await trpc(name, "sources.create", source())).status, name).toBe(403);
      expect(
        (await trpc(name, "endpoints.update", { id: A.ids.endpoint, url: nowhere })).status,
      ).toBe(403);
    }
    expect((await trpc("ownerA", "endpoints.create", endpoint())).status).toBe(200);
    expect((await trpc("ownerA", "sources.create", source())).status).toBe(200);
    const member = callers.find((c) => c.name === "memberA");
    const rest = await api("POST", "/endpoints", {
      key: null,
      headers: { cookie: member?.cookie ?? "", origin: serverUrl() },
      body: endpoint(),
    });
    expect(rest.status, rest.text).toBe(403);
  });

  it("a portal member session may not create API keys; tenant A's key may", async () => {
    const input = { id: A.ids.tenant, name: "from the portal" };
    const refused = await trpc("portalA", "tenants.createApiKey", input);
    expect(refused.status, refused.text).toBe(403);
    expect(refused.text).not.toMatch(/sk_live_/);
    const portal = callers.find((c) => c.name === "portalA");
    const rest = await api("POST", `/tenants/${A.ids.tenant}/api-keys`, {
      key: null,
      headers: { cookie: portal?.cookie ?? "", origin: serverUrl() },
      body: { name: "from the portal" },
    });
    expect(rest.status, rest.text).toBe(403);
    expect((await trpc("keyA", "tenants.createApiKey", input)).status).toBe(200);
  });

  it("publishing in A with B's idempotency key and subject makes A's own event, apart", async () => {
    const input = {
      type: "isolation.crosstalk",
      data: { probe: true },
      idempotencyKey: B.idempotencyKey,
      subject: B.subjectKey,
    };
    const published = await trpc("keyA", "events.publish", input);
    expect(published.status, published.text).toBe(200);
    expect(published.text).toContain(A.ids.tenant);
    expect(published.text).not.toContain(B.ids.event);
    expect(published.text).toMatch(/"duplicate":false/);
    const subject = await trpc("ownerA", "subjects.get", { key: B.subjectKey });
    expect(subject.status, subject.text).toBe(200);
    expect(subject.text).toContain(A.ids.tenant);
    for (const marker of B.markers.filter((m) => m.label !== "B's subject key")) {
      expect(subject.text, marker.label).not.toContain(marker.value);
    }
    // The admin, who sees both tenants, must name one.
    const both = await api("GET", `/subjects/${B.subjectKey}`);
    expect(both.status, both.text).toBe(400);
  });

  it("a platform viewer got 403 on every mutation but the public ones", () => {
    const mutations = new Set(
      procedures.filter((p) => p.type === "mutation" && p.permission).map((p) => p.path),
    );
    const viewerRows = rows.filter((r) => r.caller === "viewer" && mutations.has(r.procedure));
    expect(viewerRows.length).toBeGreaterThanOrEqual(mutations.size * 2);
    expect(viewerRows.filter((r) => r.status !== 403)).toEqual([]);
  });
});

describe("afterwards", () => {
  it("tenant B is as it was: nothing of it changed, nobody but the admin acted on it", async () => {
    const endpoint = ok(await api("GET", `/endpoints/${B.ids.endpoint}`));
    const markerOf = (label: string) => B.markers.find((m) => m.label === label)?.value;
    expect(endpoint).toMatchObject({
      url: markerOf("B's endpoint url"),
      enabled: true,
      rotatingUntil: null,
    });
    expect(ok(await api("GET", `/endpoints/${B.ids.endpoint}/secret`)).secret).toBe(
      markerOf("B's endpoint secret"),
    );
    expect(ok(await api("GET", `/sources/${B.ids.source}`)).name).toMatch(/^Source b/);
    expect(ok(await api("GET", `/sources/${B.ids.source}/secret`)).secret).toBe(
      markerOf("B's source secret"),
    );
    const keys = ok(await api("GET", `/tenants/${B.ids.tenant}/api-keys`)).items;
    expect(keys.map((k: Body) => [k.id, k.revokedAt])).toEqual([[B.ids.apiKey, null]]);
    const people = ok(await api("GET", `/tenants/${B.ids.tenant}/members`));
    expect(people.members.map((m: Body) => [m.userId, m.role])).toEqual([[B.ids.user, "owner"]]);
    expect(people.invitations.map((i: Body) => i.id)).toEqual([B.ids.invitation]);
    expect(await countsOf(B.ids.tenant)).toEqual(bBefore);
    const log = ok(await api("GET", `/audit-log${query({ tenantId: B.ids.tenant, limit: 200 })}`));
    const strangers = log.items.filter(
      (entry: Body) => !(entry.actor.type === "system" || entry.actor.id === "admin"),
    );
    expect(strangers).toEqual([]);
  });

  it("every procedure was called over tRPC, and every REST route over HTTP, by every caller", () => {
    if (process.env.DEBUG_ISOLATION === "1") {
      console.log(
        `\n${table(
          rows,
          callers.map((c) => c.name),
        )}\n`,
      );
    }
    const called = new Set(rows.map((r) => `${r.transport} ${r.procedure} ${r.caller}`));
    const missing: string[] = [];
    for (const caller of callers) {
      for (const procedure of procedures) {
        if (!called.has(`trpc ${procedure.path} ${caller.name}`)) {
          missing.push(`trpc ${procedure.path} as ${caller.name}`);
        }
      }
      for (const route of restRoutes) {
        if (!called.has(`rest ${route.procedure} ${caller.name}`)) {
          missing.push(`rest ${route.method} ${route.procedure} as ${caller.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(callers.filter(signedIn)).toHaveLength(5);
  });
});
