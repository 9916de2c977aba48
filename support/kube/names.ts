import { LabgateError } from '../errors.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates a name that came from a feature file before it is used in a query, a command or a probe. */
export function assertDns1123(name: string, what: string): void {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name) || !name.split('.').every((l) => l.length <= 63 && DNS1123_LABEL.test(l))) {
    throw new LabgateError(`${what} "${name}" is not a valid DNS-1123 name`, 'fix the feature file');
  }
}
