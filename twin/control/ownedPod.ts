/** A pod a workload controller creates from its template, named and owned as kube-controller-manager does it. */
import { randomInt, randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.ts';
import type { PodTemplate } from '../planning/pods.ts';

/** the alphabet of generated name suffixes (Kubernetes' rand.String: no vowels, no confusable digits) */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A timestamp as the API writes it: seconds, UTC. */
export function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** `<owner>-<5 characters>`, the name a controller's generateName gives. */
export function generatedName(owner: string): string {
  return `${owner}-${Array.from({ length: 5 }, () => NAME_ALPHABET[randomInt(NAME_ALPHABET.length)]).join('')}`;
}

/** The template's pod, owned by `owner` (its controller), with the controller's own labels and spec fields added. */
export function ownedPod(
  owner: KubeObject,
  template: PodTemplate,
  labels: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): KubeObject {
  const annotations = template.metadata?.annotations;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: generatedName(owner.metadata.name),
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      uid: randomUUID(),
      creationTimestamp: nowSeconds(),
      labels: { ...(template.metadata?.labels ?? {}), ...labels },
      ...(annotations ? { annotations } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: owner.kind,
          name: owner.metadata.name,
          uid: String(owner.metadata.uid),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...template.spec, ...spec },
  };
}
