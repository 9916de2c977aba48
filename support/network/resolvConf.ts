/** /etc/resolv.conf as a pod sees it: name servers, search list and options. */

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  /** `ndots:5` -> { ndots: '5' }; a bare option (`rotate`) maps to '' */
  options: Record<string, string>;
}

/** Unknown keywords and comments are skipped, as the resolver itself skips them; the last `search` wins. */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: {} };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [keyword, ...args] = line.split(/\s+/);
    if (keyword === 'nameserver' && args[0]) conf.nameservers.push(args[0]);
    else if (keyword === 'search' || keyword === 'domain') conf.search = args;
    else if (keyword === 'options') {
      for (const opt of args) {
        const [name, value] = opt.split(':');
        conf.options[name!] = value ?? '';
      }
    }
  }
  return conf;
}

/** The search path kubelet writes for a pod with dnsPolicy ClusterFirst, before the node's own domains. */
export function clusterSearchPath(namespace: string, clusterDomain: string): string[] {
  return [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain];
}
