/** Why Calico IPAM refused a request, in Calico's words where Calico has words for it. */
export type IpamErrorCode =
  | 'invalid-address'
  | 'invalid-cidr'
  | 'invalid-selector'
  | 'invalid-annotation'
  | 'unknown-pool'
  | 'no-pool'
  | 'not-in-pool'
  | 'address-in-use'
  | 'pool-exhausted'
  | 'not-allocated';

export class IpamError extends Error {
  constructor(
    readonly code: IpamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpamError';
  }
}

/** Calico's error for an address already handed out: ErrorResourceAlreadyExists, whose Err says why. */
export function addressInUse(ip: string): IpamError {
  const err = new IpamError('address-in-use', `resource already exists: ${ip}`);
  err.cause = 'Address already assigned in block';
  return err;
}
