import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabgateError } from '../../support/errors.ts';
import { PROJECT_ROOT } from '../../twin/control/state.ts';

const LAB_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A lab name is a DNS-1123 label with manifests in manifests/<lab>/. */
export function validateLabName(name: string): string {
  if (!LAB_NAME.test(name) || name.length > 63) throw new LabgateError(`"${name}" is not a lab name (DNS-1123 label: lower-case letters, digits, '-')`);
  if (!existsSync(join(PROJECT_ROOT, 'manifests', name))) throw new LabgateError(`unknown lab "${name}"`, `labs with manifests: see manifests/`);
  return name;
}
