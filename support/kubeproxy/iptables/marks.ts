/** kube-proxy's masquerade and drop marks, in every spelling kube-proxy has used. */
import type { NatRule } from '../types.ts';

/** kube-proxy before v1.3 set this mark itself ("MASQ" in ASCII) instead of jumping to KUBE-MARK-MASQ. */
export const OLD_MASQUERADE_MARK = '0x4d415351';

/** True for a rule that marks its traffic for masquerade: KUBE-MARK-MASQ, or MARK with the masquerade bit. */
export function marksForMasquerade(rule: NatRule): boolean {
  if (rule.target === 'KUBE-MARK-MASQ' || rule.target === 'mark-for-masquerade') return true;
  if (rule.target !== 'MARK' || !rule.setMark) return false;
  const [value] = rule.setMark.split('/');
  return value === OLD_MASQUERADE_MARK || value === '0x4000';
}

export function marksForDrop(rule: NatRule): boolean {
  return rule.target === 'KUBE-MARK-DROP' || rule.target === 'DROP';
}
