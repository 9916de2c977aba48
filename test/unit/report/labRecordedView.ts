/**
 * The nginx-service path as the lab recorded it (iptables-L-KUBE-SVC / KUBE-SEP-1 / KUBE-SEP-2 and
 * iptables-S-KUBE-SERVICES in the lab's recordings), typed as the dataplane parser's ServiceView.
 */
import type { ServiceView } from '../../../support/kubeproxy/types.ts';

export function labRecordedNginxView(counters?: [number, number]): ServiceView {
  return {
    name: 'default/nginx-service:http',
    protocol: 'tcp',
    clusterIP: '10.96.204.67',
    port: 80,
    chain: 'KUBE-SVC-6IM33IEVEEV7U3GP',
    chainMatchesKubeProxyHash: true,
    masqueradeUnlessFrom: '192.168.0.0/16',
    endpoints: [
      {
        address: '192.168.156.5:80',
        chain: 'KUBE-SEP-M6MI3YLHVX7DA53R',
        chainMatchesKubeProxyHash: true,
        ruleProbability: 0.5,
        share: 0.5,
        hairpinMasqFrom: '192.168.156.5',
        ...(counters ? { counters: { packets: counters[0], bytes: counters[0] * 60 } } : {}),
      },
      {
        address: '192.168.202.196:80',
        chain: 'KUBE-SEP-MJ46KNWYZBDUIDMY',
        chainMatchesKubeProxyHash: true,
        ruleProbability: null,
        share: 0.5,
        hairpinMasqFrom: '192.168.202.196',
        ...(counters ? { counters: { packets: counters[1], bytes: counters[1] * 60 } } : {}),
      },
    ],
  };
}
