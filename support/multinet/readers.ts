/** A NetworkAttachmentDefinition read through the API (k8s.cni.cncf.io/v1), its config parsed. */
import type { KubeClients } from '../access/kubeClient.ts';
import { apiStatus } from '../access/kubeClient.ts';
import { LabgateError } from '../floor/errors.ts';
import { objectEvidence, type Evidence } from '../floor/finding.ts';
import { parseAttachment, type Attachment } from './model.ts';

const NAD = { group: 'k8s.cni.cncf.io', version: 'v1', plural: 'network-attachment-definitions' };

export async function readAttachment(
  k: KubeClients,
  namespace: string,
  name: string,
): Promise<{ attachment: Attachment; evidence: Evidence[] } | undefined> {
  let o: { spec?: { config?: string } };
  try {
    o = (await k.custom.getNamespacedCustomObject({ ...NAD, namespace, name })) as typeof o;
  } catch (err) {
    if (apiStatus(err) === 404) return undefined;
    throw new LabgateError(
      `cannot read the NetworkAttachmentDefinition ${namespace}/${name}: ${(err as Error).message.split('\n')[0]}`,
      'kubectl get network-attachment-definitions -A (is Multus installed, its CRD present?)',
    );
  }
  return {
    attachment: parseAttachment(`${namespace}/${name}`, o.spec?.config ?? '{}'),
    evidence: [objectEvidence(`NetworkAttachmentDefinition ${namespace}/${name}`, o)],
  };
}
