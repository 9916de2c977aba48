/** One Service port as the API serves it, with its ready endpoints: what kube-proxy's rules are judged against. */
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import { readySliceAddresses } from './endpointSlices.ts';

/** The Service port under test, as read from the API. */
export interface ServicePortFacts {
  namespace: string;
  service: string;
  portName: string;
  protocol: string; // lower case
  clusterIP: string;
  port: number;
  /** "ip:port" of every ready endpoint in the EndpointSlices, sorted */
  endpoints: string[];
}

/** One port's facts from the Service and its EndpointSlices (the slices' target port, else the Service's). */
export function servicePortFacts(svc: V1Service, slices: V1EndpointSlice[], portName: string): ServicePortFacts {
  const service = svc.metadata?.name ?? '';
  const port = svc.spec?.ports?.find((p) => (p.name ?? '') === portName);
  if (!port) {
    throw new LabgateError(
      `the Service ${service} has no port named "${portName}"`,
      `kubectl get svc ${service} -o yaml`,
    );
  }
  const sliceTargetPort = slices.flatMap((s) => s.ports ?? []).find((p) => (p.name ?? '') === portName)?.port;
  const targetPort = sliceTargetPort ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
  return {
    namespace: svc.metadata?.namespace ?? '',
    service,
    portName,
    protocol: (port.protocol ?? 'TCP').toLowerCase(),
    clusterIP: svc.spec?.clusterIP ?? '',
    port: port.port,
    endpoints: readySliceAddresses(slices)
      .map((ip) => `${ip}:${targetPort}`)
      .sort(),
  };
}
