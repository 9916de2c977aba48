/**
 * The Corefile the twin's coredns ConfigMap reports. It lists only what the twin's server really does,
 * in CoreDNS's terms: the kubernetes plugin's records with `pods verified` (pod records only for pods
 * that exist), reverse fallthrough and the TTL; forwarding to the nameserver in the DNS pod's
 * /etc/resolv.conf; a 30-second cache of forwarded answers; round-robin order of multi-address answers.
 * errors, health, ready, prometheus, loop and reload are left out: nothing in the twin does them.
 */
import { CACHE_SECONDS } from './unbound.ts';

export function twinCorefile(domain: string, ttl: number): string {
  const d = domain.replace(/\.$/, '');
  return [
    "# labgate twin: served by unbound from the twin's Services and pods; only what it does is listed",
    '.:53 {',
    `    kubernetes ${d} in-addr.arpa ip6.arpa {`,
    '       pods verified',
    '       fallthrough in-addr.arpa ip6.arpa',
    `       ttl ${ttl}`,
    '    }',
    '    forward . /etc/resolv.conf',
    `    cache ${CACHE_SECONDS}`,
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}
