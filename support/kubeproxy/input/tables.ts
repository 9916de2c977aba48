/** Which iptables table a chain of a paste belongs to, when the paste does not say (-S and -L do not). */

const NAT_ONLY = /^KUBE-(SVC|SEP|EXT|FW|SVL|XLB)-|^KUBE-(MARK-MASQ|MARK-DROP|POSTROUTING)$|^(PREROUTING|POSTROUTING)$/;
const FILTER_ONLY = /^(KUBE-(EXTERNAL-SERVICES|FORWARD|PROXY-FIREWALL|FIREWALL|NODE-PORT)|FORWARD)$/;
const NAT_TARGETS = /^KUBE-(SVC|SEP|EXT|FW|SVL|XLB)-|^(KUBE-MARK-MASQ|KUBE-NODEPORTS|DNAT|MASQUERADE|SNAT)$/;
const FILTER_TARGETS = new Set(['REJECT', 'DROP', 'ACCEPT']);

/**
 * The table of `chain`: by kube-proxy's chain names first, then what the listing said (the command's -t, or its
 * built-in chains), then by what its rules jump to (KUBE-SERVICES is in both: REJECTs in filter, jumps in nat).
 */
export function tableOfChain(chain: string, targets: Set<string> | undefined, listingTable: string | null): string {
  return tableByName(chain) ?? tableByListingOrTargets(targets, listingTable);
}

/** The table kube-proxy's chain names alone tell (most chains of a big table), or null. */
export function tableByName(chain: string): string | null {
  if (NAT_ONLY.test(chain)) return 'nat';
  if (FILTER_ONLY.test(chain)) return 'filter';
  return null;
}

export function tableByListingOrTargets(targets: Set<string> | undefined, listingTable: string | null): string {
  if (listingTable) return listingTable;
  const all = [...(targets ?? [])];
  if (all.some((target) => NAT_TARGETS.test(target))) return 'nat';
  if (all.length > 0 && all.every((target) => FILTER_TARGETS.has(target))) return 'filter';
  return 'nat';
}
