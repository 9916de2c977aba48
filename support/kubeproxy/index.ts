/** The dataplane model: parse iptables listings, name kube-proxy chains, explain and trace services. */
export type * from './types.ts';
export { parseIptables, parseIptablesWithProblems, detectFormat, countRecognised } from './parse.ts';
export type { ParsedIptables } from './parse.ts';
export { tokenize, parseRuleSpec } from './ruleSpec.ts';
export { normaliseProtocol, parseAddressMatch, ruleAddressMatches, hostOf, isAnyAddress } from './normalise.ts';
export {
  base32,
  kubeProxyServiceChain,
  kubeProxyEndpointChain,
  servicePortName,
  servicePortNameSpellings,
  chainMatchesKubeProxyHash,
} from './kubeProxyNames.ts';
export type { KubeProxyChainKind } from './kubeProxyNames.ts';
export { expectedRuleProbabilities, probabilityMatches, shares, PROBABILITY_TOLERANCE } from './probability.ts';
export { explainNat } from './explain.ts';
export { describeExplanation, writeDescription } from './describe.ts';
export { traceNewConnection } from './trace.ts';
export type { NewConnection, TraceOutcome } from './trace.ts';
export { binomialPmf, binomialAcceptance } from './binomial.ts';
export type { AcceptanceInterval } from './binomial.ts';
export { counterDeltas, ruleCounterDeltas } from './counters.ts';
export { explainInput, ACCEPTED_INPUT } from './explainInput.ts';
export { readIptables, BUILT_IN_NAT } from './readIptables.ts';
export type { ReadIptables, ListNames } from './readIptables.ts';
export { parseNft } from './nft/parseNft.ts';
export type { NftTable, ParsedNft } from './nft/parseNft.ts';
export { explainNftTable, NFT_NAMING } from './nft/explainNft.ts';
export { parseIpvs, explainIpvs, looksLikeIpvs } from './ipvs/ipvs.ts';
export type { ParsedIpvs, VirtualServer, RealServer } from './ipvs/ipvs.ts';
export {
  splitHostPort,
  joinHostPort,
  sameIp,
  sameEndpoint,
  canonicalIp,
  familyOf,
  cidrContains,
} from '../floor/address.ts';
export { marksForMasquerade, OLD_MASQUERADE_MARK } from './iptables/marks.ts';
export { writeJson } from './jsonOut.ts';
