import "server-only";

import { notFound } from "next/navigation";
import { getQueryClient, trpc } from "@/trpc/server";

/**
 * The endpoint of a page, fetched before it renders (and handed to the client with the rest):
 * one that does not exist, or belongs to a tenant the caller cannot see, is the page's 404.
 */
export async function loadEndpoint(id: string) {
  try {
    return await getQueryClient().fetchQuery(trpc.endpoints.get.queryOptions({ id }));
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_FOUND") notFound();
    throw error;
  }
}
