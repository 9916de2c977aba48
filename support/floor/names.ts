/**
 * Names that come from feature files (Services, workloads, hosts) are checked here, before they reach a
 * query, a probe or a command: a Kubernetes object name is a DNS-1123 subdomain, nothing else gets through.
 */
import { LabgateError } from './errors.ts';

export const DNS1123_RULE =
  'a DNS-1123 name has only lower-case letters, digits, "-" and ".", each dot-separated label starts and ends ' +
  'with a letter or digit, at most 63 characters a label and 253 in all';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every(isDns1123Label);
}

/** Returns `value` when it is a valid object name; otherwise says which argument is wrong and the rule. */
export function requireObjectName(value: string, argument: string): string {
  if (!isDns1123Subdomain(value)) {
    throw new LabgateError(
      `${argument} ${JSON.stringify(value)} in the feature is not a DNS-1123 name; rejected before any query ` +
        `or command`,
      `${DNS1123_RULE}; fix the feature file`,
    );
  }
  return value;
}

/** For names that reach a query or a command from anywhere (not only features): the same rule, a shorter message. */
export function assertDns1123(name: string, what: string): void {
  if (!isDns1123Subdomain(name))
    throw new LabgateError(`${what} "${name}" is not a valid DNS-1123 name`, 'fix the feature file');
}
