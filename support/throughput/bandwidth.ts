/**
 * Calico's QoS bandwidth annotations (qos.projectcalico.org/ingressBandwidth, egressBandwidth): a Kubernetes quantity
 * in bits per second, "10M" = 10,000,000 (decimal suffixes k M G T, binary Ki Mi Gi Ti), as the lab text explains.
 */
import { LabgateError } from '../floor/errors.ts';

export const INGRESS_BANDWIDTH = 'qos.projectcalico.org/ingressBandwidth';
export const EGRESS_BANDWIDTH = 'qos.projectcalico.org/egressBandwidth';

export type Direction = 'ingress' | 'egress';

export function bandwidthAnnotation(direction: Direction): string {
  return direction === 'ingress' ? INGRESS_BANDWIDTH : EGRESS_BANDWIDTH;
}

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bits per second of a bandwidth quantity; a value that is no quantity is a one-line error naming it. */
export function parseBandwidth(value: string, what = 'bandwidth'): number {
  const m = /^\s*(\d+(?:\.\d+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?\s*$/.exec(value);
  const bits = m ? Number(m[1]) * SUFFIX[m[2] ?? '']! : Number.NaN;
  if (!m || !Number.isFinite(bits) || bits <= 0) {
    throw new LabgateError(`${what} "${value}" is not a bandwidth (a quantity such as 10M, 500k, 1G)`);
  }
  return Math.round(bits);
}

/** The rate a pod's annotation asks for in one direction, if it has one. */
export function annotatedBandwidth(annotations: Record<string, string> | undefined, d: Direction): number | undefined {
  const v = annotations?.[bandwidthAnnotation(d)];
  return v === undefined ? undefined : parseBandwidth(v, bandwidthAnnotation(d));
}

/** A rate for people: 9.55 Mbit/s. */
export function formatRate(bitsPerSecond: number): string {
  const units: [number, string][] = [
    [1e9, 'Gbit/s'],
    [1e6, 'Mbit/s'],
    [1e3, 'kbit/s'],
  ];
  const [scale, unit] = units.find(([s]) => bitsPerSecond >= s) ?? [1, 'bit/s'];
  return `${(bitsPerSecond / scale).toPrecision(3)} ${unit}`;
}
