"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useTRPC } from "@/trpc/react";
import { authClient } from "./auth-client";

/** The first admin chooses their name, email and password, then is signed in. */
export function SetupForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const complete = useMutation(trpc.account.completeSetup.mutationOptions());

  async function submit(form: FormData) {
    setError(null);
    const input = {
      token,
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
    };
    try {
      await complete.mutateAsync(input);
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    await authClient.signIn.email({ email: input.email, password: input.password });
    router.replace("/");
    router.refresh();
  }

  return (
    <form action={submit} className="space-y-4">
      <p className="text-sm text-slate-600">
        Create the first platform admin. This link works once, for an hour.
      </p>
      <Field label="Name" name="name" required autoComplete="name" />
      <Field label="Email" name="email" type="email" required autoComplete="username" />
      <Field
        label="Password"
        name="password"
        type="password"
        required
        minLength={8}
        autoComplete="new-password"
      />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={complete.isPending}>
        Create admin
      </Button>
    </form>
  );
}
