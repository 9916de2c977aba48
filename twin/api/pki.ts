/**
 * The twin's certificates, shaped like Kind's: one CA, a serving certificate for the loopback API
 * endpoint, and an admin client certificate in the system:masters group.
 */
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export { writeKubeconfig, type KubeconfigParts } from './kubeconfig.ts';

export interface TwinPki {
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type Attr = forge.pki.CertificateField;

export function createTwinPki(): TwinPki {
  const ca = issueCertificate({
    subject: [{ name: 'commonName', value: 'kubernetes' }],
    validDays: 3650,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        keyEncipherment: true,
        critical: true,
      },
    ],
  });
  const server = issueCertificate({
    subject: [{ name: 'commonName', value: 'kube-apiserver' }],
    validDays: 365,
    issuer: ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: 'kubernetes' },
          { type: 2, value: 'kubernetes.default' },
          { type: 2, value: 'kubernetes.default.svc' },
          { type: 2, value: 'kubernetes.default.svc.cluster.local' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const client = issueCertificate({
    subject: [
      { name: 'organizationName', value: 'system:masters' },
      { name: 'commonName', value: 'kubernetes-admin' },
    ],
    validDays: 365,
    issuer: ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  // forge writes CRLF line ends; Kind's PEMs (and most tools' expectations) use LF
  const lf = (pem: string) => pem.replace(/\r\n/g, '\n');
  return {
    caPem: lf(forge.pki.certificateToPem(ca.cert)),
    serverCertPem: lf(forge.pki.certificateToPem(server.cert)),
    serverKeyPem: lf(forge.pki.privateKeyToPem(server.keys.privateKey)),
    clientCertPem: lf(forge.pki.certificateToPem(client.cert)),
    clientKeyPem: lf(forge.pki.privateKeyToPem(client.keys.privateKey)),
  };
}

interface Issued {
  cert: forge.pki.Certificate;
  keys: forge.pki.rsa.KeyPair;
}

function issueCertificate(spec: { subject: Attr[]; validDays: number; issuer?: Issued; extensions: object[] }): Issued {
  // forge delegates to node's native generateKeyPairSync when it is available, so this is fast.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = positiveSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - HOUR_MS); // tolerate small clock skew between clients
  cert.validity.notAfter = new Date(now + spec.validDays * DAY_MS);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : spec.subject);
  const extensions: object[] = [...spec.extensions, { name: 'subjectKeyIdentifier' }];
  if (spec.issuer) {
    extensions.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: spec.issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  }
  cert.setExtensions(extensions);
  cert.sign((spec.issuer ?? { keys }).keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

/** Go's x509 rejects negative serials; a leading 0x01..0x7f byte keeps the DER integer positive. */
function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}
