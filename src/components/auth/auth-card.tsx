import type { ReactNode } from "react";

/** The frame of the pages reached before signing in: sign-in, set-up, invitations. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center text-xl font-semibold tracking-tight">
          Switch<span className="text-indigo-600">yard</span>
        </div>
        <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">{title}</h1>
          {children}
        </section>
      </div>
    </main>
  );
}
