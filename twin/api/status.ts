/** metav1.Status bodies and the error type that carries one out of a request handler. */

export type StatusReason =
  | 'Unauthorized'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'BadRequest'
  | 'NotAcceptable'
  | 'InternalError'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'UnsupportedMediaType'
  | 'Expired'
  | 'RequestEntityTooLarge';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason: string; message: string; field?: string }>;
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
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  UnsupportedMediaType: 415,
  Expired: 410,
  RequestEntityTooLarge: 413,
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

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** `pods "x" already exists`, as kube-apiserver refuses a create of a name taken. */
export function alreadyExists(resource: string, name: string, group = ''): ApiError {
  return new ApiError('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    group: group || undefined,
    kind: resource,
  });
}

/** The 409 a write based on a stale resourceVersion gets. */
export function conflict(resource: string, name: string, group = ''): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    { name, group: group || undefined, kind: resource },
  );
}

/** The 422 an invalid object gets: `Pod "x" is invalid: [field: reason, ...]`, one cause a field. */
export function invalid(
  kind: string,
  name: string,
  causes: Array<{ field: string; message: string; reason?: string }>,
  group = '',
): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kind} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
  return new ApiError('Invalid', message, {
    name,
    group: group || undefined,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}
