/** The pieces of labgate's library the twin builds on: errors, the lab catalogue, the iptables model. */
export { LabgateError, describeError } from '../support/floor/errors.ts';
export { loadLab, kindNodeNames, REPO_ROOT, type Lab, type NodeRole } from '../support/lab/catalog.ts';
export * from '../support/kubeproxy/index.ts';
export { isDns1123Label, isDns1123Subdomain } from '../support/floor/names.ts';
export { absoluteName, dashedAddress, endpointFqdn, podFqdn, serviceFqdn, srvName } from '../support/dns/names.ts';
export { expectedPodMtu } from '../support/podnet/mtu.ts';
export { annotatedBandwidth, type Direction } from '../support/throughput/bandwidth.ts';
