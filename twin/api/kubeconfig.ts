/** Writes a kubeconfig in the exact shape `kind get kubeconfig` produces. */
import { chmodSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigParts {
  server: string; // https://127.0.0.1:<port>
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  name: string; // kind-k8-services
}

export function kubeconfigYaml(parts: KubeconfigParts): string {
  const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');
  return stringify(
    {
      apiVersion: 'v1',
      clusters: [
        { cluster: { 'certificate-authority-data': b64(parts.caPem), server: parts.server }, name: parts.name },
      ],
      contexts: [{ context: { cluster: parts.name, user: parts.name }, name: parts.name }],
      'current-context': parts.name,
      kind: 'Config',
      preferences: {},
      users: [
        {
          name: parts.name,
          user: { 'client-certificate-data': b64(parts.clientCertPem), 'client-key-data': b64(parts.clientKeyPem) },
        },
      ],
    },
    { lineWidth: 0, indentSeq: false },
  );
}

export function writeKubeconfig(path: string, parts: KubeconfigParts): void {
  writeFileSync(path, kubeconfigYaml(parts), { mode: 0o600 });
  chmodSync(path, 0o600); // mode above applies only when the file is created
}
