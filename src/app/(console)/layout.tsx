import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console-nav";
import { TrpcQueryProvider } from "@/components/trpc-provider";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <TrpcQueryProvider>
      <div className="flex min-h-screen">
        <ConsoleNav />
        <main className="flex-1 px-8 py-6">{children}</main>
      </div>
    </TrpcQueryProvider>
  );
}
