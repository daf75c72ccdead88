import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { targetOfId } from "./targets";

describe("targetOfId", () => {
  it("leads each kind of id to its page", () => {
    const event = newId("event");
    expect(targetOfId(` ${event} `)).toEqual({ label: "event", href: `/events/${event}` });
    const delivery = newId("delivery");
    expect(targetOfId(delivery)?.href).toBe(`/deliveries/${delivery}`);
    expect(targetOfId(newId("endpoint"))?.label).toBe("endpoint");
    expect(targetOfId(newId("source"))?.label).toBe("source");
  });

  it("ignores what is not an id it can open", () => {
    expect(targetOfId("evt_")).toBeNull();
    expect(targetOfId("hello")).toBeNull();
    expect(targetOfId(newId("apiKey"))).toBeNull();
  });
});
