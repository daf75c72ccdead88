import { RunSkeleton } from "@/components/runs/run-detail";

/** Shown at once when a run is opened, while the server renders it. */
export default function RunLoading() {
  return <RunSkeleton />;
}
