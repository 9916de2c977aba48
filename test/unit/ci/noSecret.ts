/** No secret in a report: no PEM block (plain or base64), no kubeconfig key field, no bearer token. */
import assert from 'node:assert/strict';

export function assertNoSecret(text: string, where = 'text'): void {
  assert.doesNotMatch(text, /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/, `${where}: a PEM block`);
  assert.doesNotMatch(text, /LS0tLS1CRUdJTi/, `${where}: a base64 PEM block`);
  assert.doesNotMatch(text, /client-(key|certificate)-data|certificate-authority-data/, `${where}: a kubeconfig key`);
  assert.doesNotMatch(text, /\bBearer [A-Za-z0-9._-]{20,}/, `${where}: a bearer token`);
}
