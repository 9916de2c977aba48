/**
 * The twin's PKI, made once per checkout and reused by every twin up (a fault's reset is a twin down and up):
 * three RSA keys and signatures cost about 2 s of CPU on a 2-core machine, and nothing a lab promises depends on
 * a fresh CA. Kept in .labgate/pki.json (mode 0600), replaced when unreadable or within a week of expiring.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwinPki, type TwinPki } from '../api/pki.ts';
import { PROJECT_ROOT } from './state.ts';

const RENEW_BEFORE_MS = 7 * 24 * 3_600_000;
export const PKI_CACHE = join(PROJECT_ROOT, '.labgate', 'pki.json');

/** The cached PKI when every certificate in it parses and stays valid for another week; otherwise undefined. */
export function usablePki(text: string, now = Date.now()): TwinPki | undefined {
  try {
    const pki = JSON.parse(text) as TwinPki;
    const certs = [pki.caPem, pki.serverCertPem, pki.clientCertPem].map((pem) => new X509Certificate(pem));
    if (!pki.serverKeyPem || !pki.clientKeyPem) return undefined;
    const ok = certs.every((c) => Date.parse(c.validTo) - now > RENEW_BEFORE_MS && Date.parse(c.validFrom) <= now);
    return ok && certs[1]!.verify(certs[0]!.publicKey) && certs[2]!.verify(certs[0]!.publicKey) ? pki : undefined;
  } catch {
    return undefined;
  }
}

export function twinPki(path = PKI_CACHE): TwinPki {
  let cached: TwinPki | undefined;
  try {
    cached = usablePki(readFileSync(path, 'utf8'));
  } catch {
    cached = undefined; // none yet
  }
  if (cached) return cached;
  const pki = createTwinPki();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(pki)}\n`, { mode: 0o600 });
  return pki;
}
