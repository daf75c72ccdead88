/** The codes a domain error may carry, each with the HTTP status the API answers with. */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  source_not_found: 404,
  signature_invalid: 401,
  malformed_json: 400,
  invalid_body: 400,
  all_rejected: 400,
  length_required: 411,
  payload_too_large: 413,
  batch_too_large: 413,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** Too much already waits for the database: try again shortly. */
  overloaded: 503,
} as const;

export type DomainErrorCode = keyof typeof errorStatus;

/** An expected failure with a code the API can return as is. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
