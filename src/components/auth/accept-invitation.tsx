"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { QueryState } from "@/components/ui/query-state";
import { useTRPC } from "@/trpc/react";
import { authClient } from "./auth-client";

/**
 * Someone new chooses a name and a password; someone with an account signs in with theirs.
 * Either way they end signed in, in the tenant they were invited to.
 */
export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invitation = useQuery({ ...trpc.account.invitation.queryOptions({ token }), retry: false });
  const accept = useMutation(trpc.account.acceptInvitation.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  if (!invitation.data) {
    return <QueryState isPending={invitation.isPending} error={invitation.error} />;
  }
  const { email, tenantName, role, hasAccount } = invitation.data;

  async function submit(form: FormData) {
    setError(null);
    const password = String(form.get("password"));
    try {
      if (hasAccount) {
        const signedIn = await authClient.signIn.email({ email, password });
        if (signedIn.error) throw new Error("Wrong password.");
        await accept.mutateAsync({ token });
      } else {
        await accept.mutateAsync({ token, name: String(form.get("name")), password });
        await authClient.signIn.email({ email, password });
      }
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form action={submit} className="space-y-4">
      <p className="text-sm text-slate-600">
        You are invited to {tenantName ? <strong>{tenantName}</strong> : "the platform staff"} as{" "}
        <strong>{role}</strong>, with the email <strong>{email}</strong>.
      </p>
      {!hasAccount && <Field label="Name" name="name" required autoComplete="name" />}
      <Field
        label="Password"
        name="password"
        type="password"
        required
        minLength={8}
        autoComplete={hasAccount ? "current-password" : "new-password"}
      />
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={accept.isPending}>
        Accept invitation
      </Button>
    </form>
  );
}
