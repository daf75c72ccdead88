/** Where an id leads: every id says what it is by its prefix (src/lib/ids.ts). */
const pages: Record<string, { label: string; path: string }> = {
  evt: { label: "event", path: "/events" },
  dlv: { label: "delivery", path: "/deliveries" },
  ep: { label: "endpoint", path: "/endpoints" },
  src: { label: "source", path: "/sources" },
  ten: { label: "tenant", path: "/tenants" },
  run: { label: "run", path: "/runs" },
};

/** The page of an id such as `evt_01h…`, or null when the text is not one of ours. */
export function targetOfId(text: string): { label: string; href: string } | null {
  const id = text.trim();
  const match = /^([a-z]+)_[0-9a-z]{26}$/.exec(id);
  const page = match?.[1] ? pages[match[1]] : undefined;
  return page ? { label: page.label, href: `${page.path}/${id}` } : null;
}
