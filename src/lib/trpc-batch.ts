/**
 * Calls per tRPC batch request: the server refuses larger batches (400), and the console's
 * client splits its batches to fit. One request cannot queue hundreds of queries.
 */
export const MAX_BATCH_SIZE = 20;
