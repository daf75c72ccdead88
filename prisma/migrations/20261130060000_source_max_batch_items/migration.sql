-- Items per batch request at most: a larger batch is refused whole (413 batch_too_large).
ALTER TABLE "Source" ADD COLUMN "maxBatchItems" INTEGER NOT NULL DEFAULT 1000;
