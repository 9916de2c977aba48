/** metav1.Status bodies and the error type that carries one out of a request handler. */

export type StatusReason =
  | 'Unauthorized'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'BadRequest'
  | 'NotAcceptable'
  | 'InternalError';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason: string; message: string }>;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

const CODES: Record<StatusReason, number> = {
  Unauthorized: 401,
  NotFound: 404,
  MethodNotAllowed: 405,
  BadRequest: 400,
  NotAcceptable: 406,
  InternalError: 500,
};

/** Thrown by handlers; the server turns it into a Status response with the matching HTTP code. */
export class ApiError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  get code(): number {
    return CODES[this.reason];
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** The NotFound error kube-apiserver gives for a missing object: `pods "x" not found`. */
export function notFound(resource: string, name: string, group = ''): ApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new ApiError('NotFound', `${qualified} "${name}" not found`, {
    name,
    group: group || undefined,
    kind: resource,
  });
}
