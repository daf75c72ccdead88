import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { TrpcQueryProvider } from "@/trpc/react";

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Set up Switchyard">
      <TrpcQueryProvider>
        <SetupForm token={token} />
      </TrpcQueryProvider>
    </AuthCard>
  );
}
