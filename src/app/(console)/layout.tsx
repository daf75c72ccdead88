import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console-nav";
import { Toaster } from "@/components/ui/toaster";
import { scopeFor } from "@/domain/access/principal";
import { callerFrom } from "@/server/auth/principal";
import { TrpcQueryProvider } from "@/trpc/react";

/** Every console page needs someone signed in: a person or a portal session. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const caller = await callerFrom(await headers());
  if (!caller) redirect("/login");
  const { principal } = caller;
  return (
    <TrpcQueryProvider>
      <div className="flex min-h-screen">
        <ConsoleNav
          signedInAs={principal.actor.label}
          portal={principal.actor.type === "portal"}
          managesPeople={scopeFor(principal, "manageAccess") !== null}
          platformAdmin={principal.platformRole === "admin"}
        />
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      <Toaster />
    </TrpcQueryProvider>
  );
}
