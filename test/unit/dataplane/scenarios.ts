/** Service sets the twin's renderer is exercised with; nginx-service uses the lab's own addresses. */
import type { KubeProxyNatInput } from '../../../twin/proxy/rules.ts';

export const LAB_CLUSTER_CIDR = '192.168.0.0/16';

/** nginx-service exactly as the lab's recordings show it (VIP, port name, endpoints). */
export const nginxService: KubeProxyNatInput['services'][number] = {
  namespace: 'default',
  name: 'nginx-service',
  portName: 'http',
  protocol: 'TCP',
  clusterIP: '10.96.204.67',
  port: 80,
  endpoints: [
    { ip: '192.168.156.5', port: 80 },
    { ip: '192.168.202.196', port: 80 },
  ],
};

/** Two, three and one endpoints, TCP and UDP, a named and an unnamed port, and one service without endpoints. */
export const mixedServices: KubeProxyNatInput = {
  clusterCidr: LAB_CLUSTER_CIDR,
  services: [
    nginxService,
    {
      namespace: 'default',
      name: 'multitool-1-service',
      portName: 'http',
      protocol: 'TCP',
      clusterIP: '10.96.10.11',
      port: 80,
      endpoints: [
        { ip: '192.168.202.194', port: 80 },
        { ip: '192.168.145.9', port: 80 },
        { ip: '192.168.156.3', port: 80 },
      ],
    },
    {
      namespace: 'kube-system',
      name: 'kube-dns',
      portName: 'dns',
      protocol: 'UDP',
      clusterIP: '10.96.0.10',
      port: 53,
      endpoints: [
        { ip: '192.168.145.2', port: 53 },
        { ip: '192.168.145.3', port: 53 },
      ],
    },
    {
      namespace: 'default',
      name: 'plain',
      portName: '',
      protocol: 'TCP',
      clusterIP: '10.96.50.5',
      port: 8080,
      endpoints: [{ ip: '192.168.156.7', port: 8080 }],
    },
    {
      namespace: 'default',
      name: 'empty-service',
      portName: 'http',
      protocol: 'TCP',
      clusterIP: '10.96.60.6',
      port: 80,
      endpoints: [],
    },
  ],
};
