import { DetailSkeleton } from "@/components/events/detail-skeleton";

export default function EventLoading() {
  return <DetailSkeleton />;
}
