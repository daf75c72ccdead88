import { EmptyState } from "@/components/ui/empty-state";

/** What someone who is not a platform admin sees instead of runs. */
export function RunsRefused() {
  return (
    <EmptyState title="Runs are for platform admins">
      Runs carry every tenant's work, so only platform admins see them. Deliveries and events show
      what happened to your own.
    </EmptyState>
  );
}
