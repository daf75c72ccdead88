"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Overview" },
  { href: "/tenants", label: "Tenants" },
];

export function ConsoleNav() {
  const pathname = usePathname();
  return (
    <nav
      aria-label="Console"
      className="w-56 shrink-0 border-r border-slate-200 bg-white px-4 py-6"
    >
      <div className="mb-8 px-2 text-lg font-semibold tracking-tight">
        Switch<span className="text-indigo-600">yard</span>
      </div>
      <ul className="space-y-1">
        {links.map((link) => {
          const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-2 py-1.5 text-sm ${
                  active
                    ? "bg-indigo-50 font-medium text-indigo-700"
                    : "text-slate-600 hover:bg-slate-100"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
