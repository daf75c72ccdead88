/** What a page shows while its data loads or when loading failed. */
export function QueryState({
  isPending,
  error,
}: {
  isPending: boolean;
  error: { message: string } | null;
}) {
  if (error) {
    return (
      <p
        role="alert"
        className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-700"
      >
        Could not load this page: {error.message}
      </p>
    );
  }
  if (isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  return null;
}
