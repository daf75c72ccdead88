import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { AuthCard } from "@/components/auth/auth-card";
import { TrpcQueryProvider } from "@/trpc/react";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Join Switchyard">
      <TrpcQueryProvider>
        <AcceptInvitation token={token} />
      </TrpcQueryProvider>
    </AuthCard>
  );
}
