"use client";

import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { targetOfId } from "./targets";

export type PaletteLink = { href: string; label: string };

const itemClass =
  "cursor-pointer rounded-md px-3 py-2 text-sm text-slate-800 aria-selected:bg-indigo-50";

/**
 * Ctrl-K (⌘K): jump to any page, or paste an id (`evt_…`, `dlv_…`, `ep_…`, `src_…`) to open
 * it, or a subject key to open its timeline.
 */
export function CommandPalette({ links }: { links: readonly PaletteLink[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    };
    const onOpen = () => setOpen(true);
    window.addEventListener("keydown", onKey);
    window.addEventListener("switchyard:palette", onOpen);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("switchyard:palette", onOpen);
    };
  }, []);

  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };
  const query = text.trim();
  const target = targetOfId(query);

  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      filter={score}
      overlayClassName="fixed inset-0 bg-slate-900/40"
      contentClassName="fixed top-24 left-1/2 w-[36rem] -translate-x-1/2 overflow-hidden rounded-lg bg-white shadow-2xl"
    >
      <Command.Input
        value={text}
        onValueChange={setText}
        placeholder="Jump to a page, or paste an id (evt_…, dlv_…, ep_…, src_…)"
        className="w-full border-b border-slate-200 px-4 py-3 text-sm outline-none"
      />
      <Command.List className="max-h-80 overflow-y-auto p-2 text-xs text-slate-500">
        <Command.Empty className="px-3 py-2">Nothing matches.</Command.Empty>
        {target && (
          <Command.Group heading="Open">
            <Command.Item
              value={`open ${query}`}
              onSelect={() => go(target.href)}
              className={itemClass}
            >
              Open {target.label} <span className="font-mono">{query}</span>
            </Command.Item>
          </Command.Group>
        )}
        <Command.Group heading="Pages">
          {links.map((link) => (
            <Command.Item
              key={link.href}
              value={link.label}
              onSelect={() => go(link.href)}
              className={itemClass}
            >
              {link.label}
            </Command.Item>
          ))}
        </Command.Group>
        {query && !target && (
          <Command.Group heading="Subject">
            <Command.Item
              value={`subject ${query}`}
              onSelect={() => go(`/subjects/${encodeURIComponent(query)}`)}
              className={itemClass}
            >
              Open subject <span className="font-mono">{query}</span>
            </Command.Item>
          </Command.Group>
        )}
      </Command.List>
    </Command.Dialog>
  );
}

/** An id match first, then the pages whose name matches, the subject guess last. */
function score(value: string, search: string): number {
  if (value.startsWith("open ")) return 1;
  if (value.startsWith("subject ")) return 0.01;
  return value.toLowerCase().includes(search.trim().toLowerCase()) ? 0.5 : 0;
}

/** Opens the palette from a button (for mouse and screen-reader users). */
export function openCommandPalette() {
  window.dispatchEvent(new Event("switchyard:palette"));
}
