/** How one kube-proxy backend names its chains: iptables (KUBE-SVC-/KUBE-SEP-) or nftables (service-/endpoint-). */
import { endpointChainHasHash, spellingOfChain } from './kubeProxyNames.ts';

export interface ChainNaming {
  /** a chain that DNATs to one endpoint */
  isEndpointChain(chain: string): boolean;
  /** a chain that picks among the node's own endpoints (externalTrafficPolicy Local) */
  isLocalChoice(chain: string): boolean;
  /** a chain kube-proxy writes per service or endpoint (a whole table with one nothing uses is stale) */
  isServiceChain(chain: string): boolean;
  /** the spelling of the service port name the chain's hash was made from, or undefined when it matches none */
  serviceChainSpelling(chain: string, name: string, protocol: string): string | undefined;
  endpointChainMatches(chain: string, spelling: string, protocol: string, address: string): boolean;
}

export const IPTABLES_NAMING: ChainNaming = {
  isEndpointChain: (chain) => chain.startsWith('KUBE-SEP-'),
  isLocalChoice: (chain) => /^KUBE-(SVL|XLB)-/.test(chain),
  isServiceChain: (chain) => /^KUBE-(SVC|SEP|EXT|FW|SVL|XLB)-/.test(chain),
  serviceChainSpelling: spellingOfChain,
  endpointChainMatches: endpointChainHasHash,
};
