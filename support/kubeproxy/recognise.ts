/** What a paste that holds no kube-proxy rules looks like, so that `explain` can say so in one line. */

const SERVICES_HEADER = String.raw`^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP`;
const SERVICES_ROW =
  String.raw`^\S+\s+(ClusterIP|NodePort|LoadBalancer|ExternalName)` +
  String.raw`\s+\S+\s+\S+\s+\S*\d+(:\d+)?\/(TCP|UDP|SCTP)`;

const SHAPES: Array<[RegExp, string]> = [
  [/^\s*\{\s*"nftables"/, 'nft -j (JSON) output; list the table as text: nft list table ip kube-proxy'],
  [
    new RegExp(`${SERVICES_HEADER}|${SERVICES_ROW}`, 'm'),
    '`kubectl get services` output, which shows Services but not the rules kube-proxy wrote for them',
  ],
  [/^NAME\s+(ADDRESSTYPE|ENDPOINTS)\s/m, '`kubectl get endpoints/endpointslices` output, not kube-proxy rules'],
  [/^NAME\s+READY\s+STATUS\s+RESTARTS/m, '`kubectl get pods` output, not kube-proxy rules'],
  [
    /^\s*("?apiVersion"?\s*:|"?kind"?\s*:\s*"?(Service|EndpointSlice|Endpoints|Pod)\b)/m,
    'a Kubernetes object (YAML or JSON), not kube-proxy rules',
  ],
  [
    /^ID\s+Frontend\s+Service Type\s+Backend/m,
    "Cilium's service list: Cilium replaces kube-proxy, so there are no kube-proxy rules to explain",
  ],
  [/\bsrc=\S+ dst=\S+ sport=\d+ dport=\d+/, '`conntrack -L` output (connections, not rules)'],
  [/^\d+: \S+: <[^>]*> mtu \d+/m, '`ip addr` output, not kube-proxy rules'],
  [/^(default via \S+|\d{1,3}(\.\d{1,3}){3}(\/\d+)? (via|dev) \S+)/m, '`ip route` output, not kube-proxy rules'],
  [/^\d\d:\d\d:\d\d\.\d+ IP6? \S+ > \S+/m, 'tcpdump output, not kube-proxy rules'],
  [
    /iptables-legacy tables present/,
    'only the warning that the rules are in iptables-legacy: run iptables-legacy-save -t nat instead',
  ],
  [/^Bridge table: |^Bridge chain: /m, 'ebtables output, not kube-proxy rules'],
  [/^\s*<(!doctype|html)/im, 'an HTML page, not kube-proxy rules'],
];

/** A phrase naming what the text looks like, or null when it looks like nothing known. */
export function lookalike(text: string): string | null {
  for (const [shape, name] of SHAPES) if (shape.test(text)) return name;
  return null;
}
