"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { authClient } from "./auth-client";

/** Email and password; a wrong password says so and signs nobody in. */
export function SignInForm({ next, email: presetEmail }: { next: string; email?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    setBusy(false);
    if (error) {
      setError(
        error.status === 429
          ? "Too many attempts. Wait a minute, then try again."
          : error.status === 401
            ? "Wrong email or password."
            : (error.message ?? "Could not sign in."),
      );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form action={submit} className="space-y-4">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={presetEmail}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={busy}>
        Sign in
      </Button>
    </form>
  );
}
