import { DetailSkeleton } from "@/components/events/detail-skeleton";

export default function SubjectLoading() {
  return <DetailSkeleton />;
}
