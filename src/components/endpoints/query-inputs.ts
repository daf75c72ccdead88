// Inputs the server prefetches and the client components read with: one definition, so the
// query keys match and the page hydrates without a second request.

/** An endpoint page's recent deliveries. */
export const recentDeliveriesOf = (id: string) => ({ id, limit: 10 });
