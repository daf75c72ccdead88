"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOutEverywhere } from "@/components/auth/auth-client";
import { CommandPalette, openCommandPalette } from "@/components/command-palette/command-palette";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

// PRODUCT.md names the first seven; their accessible names are part of the contract.
const links = [
  { href: "/", label: "Overview" },
  { href: "/events", label: "Events" },
  { href: "/subjects", label: "Subjects" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/endpoints", label: "Endpoints" },
  { href: "/sources", label: "Sources" },
  { href: "/tenants", label: "Tenants" },
  { href: "/runs", label: "Runs", needs: "admin" },
  { href: "/people", label: "People", needs: "people" },
  { href: "/audit-log", label: "Audit log" },
] as const;

export function ConsoleNav({
  signedInAs,
  portal,
  managesPeople,
  platformAdmin,
}: {
  signedInAs: string;
  portal: boolean;
  managesPeople: boolean;
  /** Platform admins also see the job runner's runs (every tenant's work). */
  platformAdmin: boolean;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const shown = links.filter(
    (link) => !("needs" in link) || (link.needs === "people" ? managesPeople : platformAdmin),
  );
  return (
    <div className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white px-4 py-6">
      <div className="mb-4 px-2 text-lg font-semibold tracking-tight">
        Switch<span className="text-indigo-600">yard</span>
      </div>
      <button
        type="button"
        onClick={openCommandPalette}
        className="mb-6 flex items-center justify-between rounded-md border border-slate-200 px-2 py-1.5 text-left text-xs text-slate-500 hover:bg-slate-50"
      >
        <span>Jump to…</span>
        <kbd className="rounded border border-slate-200 px-1 font-mono text-[10px]">Ctrl K</kbd>
      </button>
      <CommandPalette links={shown} />
      <nav aria-label="Console">
        <ul className="space-y-1">
          {shown.map((link) => {
            const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "block rounded-md px-2 py-1.5 text-sm",
                    active
                      ? "bg-indigo-50 font-medium text-indigo-700"
                      : "text-slate-600 hover:bg-slate-100",
                  )}
                >
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="mt-auto border-t border-slate-100 px-2 pt-4 text-xs text-slate-500">
        <div>{portal ? "Tenant portal" : "Signed in as"}</div>
        <div className="truncate font-medium text-slate-700" title={signedInAs}>
          {signedInAs}
        </div>
        <Button
          variant="ghost"
          className="mt-2 -ml-3"
          onClick={async () => {
            await signOutEverywhere();
            router.replace("/login");
            router.refresh();
          }}
        >
          Sign out
        </Button>
      </div>
    </div>
  );
}
