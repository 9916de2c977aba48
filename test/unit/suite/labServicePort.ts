/** Lab 04's nginx-service port as its recordings show it: the facts the kube-proxy rule checks are judged against. */
import type { ServicePortFacts } from '../../../support/services/portFacts.ts';

export const LAB04_NGINX_PORT: ServicePortFacts = {
  namespace: 'default',
  service: 'nginx-service',
  portName: 'http',
  protocol: 'tcp',
  clusterIP: '10.96.204.67',
  port: 80,
  endpoints: ['192.168.156.5:80', '192.168.202.196:80'],
};
