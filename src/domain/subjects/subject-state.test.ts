import { describe, expect, it } from "vitest";
import { applyObservation, type Observation, observe, type SubjectState } from "./subject-state";

const paths = {
  status: "job.status",
  progress: "job.progress",
  result: "job.output",
  error: "job.error",
  fields: { model: "job.model", attempt: "job.attempt" },
};
const TERMINAL = ["completed", "failed"];

const fresh = (): SubjectState => ({
  status: null,
  terminal: false,
  progress: null,
  result: null,
  error: null,
  fields: {},
  updatedBy: null,
});
const seen = (status: string | null, more: Partial<Observation> = {}): Observation => ({
  status,
  fields: {},
  ...more,
});

describe("observe", () => {
  it("reads each path of the rule; absent, null or empty values say nothing", () => {
    expect(
      observe(paths, {
        job: {
          status: "processing",
          progress: 12.5,
          output: { url: "u" },
          error: { code: 1 },
          model: "sdxl",
          attempt: 2,
        },
      }),
    ).toEqual({
      status: "processing",
      progress: 12.5,
      result: { url: "u" },
      error: { code: 1 },
      fields: { model: "sdxl", attempt: "2" },
    });
    expect(observe(paths, { job: {} })).toEqual({ status: null, fields: {} });
    expect(observe(paths, "not an object")).toEqual({ status: null, fields: {} });
    expect(
      observe(paths, { job: { status: "", output: null, error: "", model: "", progress: null } }),
    ).toEqual({ status: null, fields: {} });
    // A result of 0 or false is a result.
    expect(observe(paths, { job: { output: 0 } }).result).toBe(0);
    expect(observe(paths, { job: { output: false } }).result).toBe(false);
  });

  it("reads statuses and fields as text: 200 and '200' are one status", () => {
    expect(observe(paths, { job: { status: 200 } }).status).toBe("200");
    expect(observe(paths, { job: { status: 0 } }).status).toBe("0");
    expect(observe(paths, { job: { status: true } }).status).toBe("true");
    expect(observe(paths, { job: { status: { nested: 1 } } }).status).toBeNull();
    expect(observe(paths, { job: { status: ["a"] } }).status).toBeNull();
    expect(observe(paths, { job: { status: "x".repeat(500) } }).status).toHaveLength(200);
    expect(observe(paths, { job: { model: 3.5, attempt: false } }).fields).toEqual({
      model: "3.5",
      attempt: "false",
    });
  });

  it('reads progress as a number: 42, "42", "42%" and "42.5%" all count', () => {
    const progress = (value: unknown) => observe(paths, { job: { progress: value } }).progress;
    expect(progress(42)).toBe(42);
    expect(progress("42")).toBe(42);
    expect(progress("42%")).toBe(42);
    expect(progress("42.5%")).toBe(42.5);
    expect(progress(0)).toBe(0);
    expect(progress("0%")).toBe(0);
    for (const nothing of [
      "",
      "abc",
      "%",
      null,
      true,
      {},
      [],
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ])
      expect(progress(nothing), String(nothing)).toBeUndefined();
  });

  it("reads only the paths a rule has", () => {
    expect(observe({ status: "s" }, { s: "ok", progress: 5, output: 1, error: 2 })).toEqual({
      status: "ok",
      fields: {},
    });
  });
});

describe("applyObservation", () => {
  it("moves the state and says who moved it", () => {
    const verdict = applyObservation(
      fresh(),
      seen("processing", { progress: 10 }),
      TERMINAL,
      "webhook",
    );
    expect(verdict).toEqual({
      effect: "changed",
      becameTerminal: false,
      state: { ...fresh(), status: "processing", progress: 10, updatedBy: "webhook" },
    });
  });

  it("closes the subject on a terminal status, once", () => {
    const open = { ...fresh(), status: "processing", progress: 50, updatedBy: "webhook" as const };
    const verdict = applyObservation(
      open,
      seen("completed", { progress: 100, result: { url: "u" } }),
      TERMINAL,
      "poll",
    );
    expect(verdict).toEqual({
      effect: "changed",
      becameTerminal: true,
      state: {
        ...open,
        status: "completed",
        terminal: true,
        progress: 100,
        result: { url: "u" },
        updatedBy: "poll",
      },
    });
  });

  it("ignores every status once terminal, the same one and a terminal one too", () => {
    const closed = { ...fresh(), status: "completed", terminal: true, progress: 100 };
    for (const status of ["processing", "completed", "failed", "queued"]) {
      const verdict = applyObservation(
        closed,
        seen(status, { progress: 3, result: "late", error: "late", fields: { model: "m" } }),
        TERMINAL,
        "webhook",
      );
      expect(verdict, status).toEqual({ effect: "ignored", state: closed });
    }
  });

  it("lets a status-less event fill the result or the error of a closed subject", () => {
    const closed = {
      ...fresh(),
      status: "ended",
      terminal: true,
      progress: 100,
      updatedBy: "webhook" as const,
    };
    const report = applyObservation(
      closed,
      seen(null, { result: { summary: "booked" }, progress: 20, fields: { phone: "+1" } }),
      ["ended"],
      "webhook",
    );
    expect(report).toEqual({
      effect: "changed",
      becameTerminal: false,
      // The progress stays where the subject closed.
      state: { ...closed, result: { summary: "booked" }, fields: { phone: "+1" } },
    });
    const failure = applyObservation(closed, seen(null, { error: "hung up" }), ["ended"], "poll");
    expect(failure).toMatchObject({
      effect: "changed",
      state: { status: "ended", terminal: true, error: "hung up", updatedBy: "poll" },
    });
    expect(applyObservation(closed, seen(null, { progress: 5 }), ["ended"], "poll")).toEqual({
      effect: "unchanged",
      state: closed,
    });
  });

  it("a repeat that teaches nothing leaves the state, and who last moved it, alone", () => {
    const state: SubjectState = {
      ...fresh(),
      status: "processing",
      progress: 10,
      result: { preview: { url: "p", size: [1, 2] }, step: 2 },
      fields: { model: "sdxl", team: "a" },
      updatedBy: "webhook",
    };
    const same = seen("processing", {
      progress: 10,
      // In another key order, as a stored jsonb value comes back and a provider sends it.
      result: { step: 2, preview: { size: [1, 2], url: "p" } },
      fields: { team: "a" },
    });
    expect(applyObservation(state, same, TERMINAL, "poll")).toEqual({ effect: "unchanged", state });
    expect(applyObservation(state, seen(null), TERMINAL, "poll")).toEqual({
      effect: "unchanged",
      state,
    });
    // Arrays keep their order; a different order is a different result.
    const reordered = seen("processing", {
      result: { preview: { url: "p", size: [2, 1] }, step: 2 },
    });
    expect(applyObservation(state, reordered, TERMINAL, "poll").effect).toBe("changed");
    expect(
      applyObservation(state, seen("processing", { result: { step: 2 } }), TERMINAL, "poll").effect,
    ).toBe("changed");
  });

  it("with no terminal statuses a subject never closes", () => {
    const verdict = applyObservation(fresh(), seen("completed"), [], "webhook");
    expect(verdict).toMatchObject({
      effect: "changed",
      becameTerminal: false,
      state: { terminal: false },
    });
  });

  it("over many random sequences: monotonic once terminal, closed exactly once", () => {
    const random = seeded(20261129);
    const statuses = [null, "queued", "processing", "completed", "failed"];
    const broken: string[] = [];
    for (let run = 0; run < 500; run++) {
      let state = fresh();
      let closedWith: string | null = null;
      let closings = 0;
      const check = (ok: boolean, what: string) => {
        if (!ok) broken.push(`run ${run}: ${what}`);
      };
      for (let step = 0; step < 12; step++) {
        const status = statuses[Math.floor(random() * statuses.length)] ?? null;
        const observation = seen(status, {
          ...(random() < 0.5 ? { progress: Math.floor(random() * 101) } : {}),
          ...(random() < 0.3 ? { result: { n: Math.floor(random() * 3) } } : {}),
          ...(random() < 0.2 ? { error: "e" } : {}),
        });
        const by = random() < 0.5 ? "webhook" : "poll";
        const verdict = applyObservation(state, observation, TERMINAL, by);
        const wasTerminal = state.terminal;
        check((verdict.effect === "ignored") === (wasTerminal && status !== null), "ignored");
        check(verdict.effect === "changed" || verdict.state === state, "unchanged state moved");
        if (verdict.effect === "changed") {
          check(verdict.state.updatedBy === by, "updatedBy");
          if (verdict.becameTerminal) {
            closings++;
            closedWith = verdict.state.status;
          }
        }
        state = verdict.state;
        check(!wasTerminal || state.terminal, "reopened");
        check(closedWith === null || state.status === closedWith, "status moved once closed");
        check(!state.terminal || TERMINAL.includes(state.status ?? ""), "closed by another status");
      }
      check(closings <= 1, "closed twice");
      check((closings === 1) === state.terminal, "terminal without closing");
    }
    expect(broken).toEqual([]);
  });
});

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
