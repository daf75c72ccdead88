/** Retry what may pass next time (the server, the network), never a refusal of the input. */
export function retryUnlessRefused(failures: number, error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return (status === undefined || status >= 500) && failures < 3;
}
