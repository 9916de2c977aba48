/**
 * A node's CNI files: what kubelet finds in the config folder (the first valid config, alphabetically), a config's
 * type and delegates (Multus' 00-multus.conf), and the plugin binaries in the binary folder. Readers on the node
 * (argument arrays) and pure checks.
 */
import { commandFailure, runOnNode, succeeded } from '../access/nodeRunner.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, finding, type Evidence, type Finding } from '../floor/finding.ts';

export interface DirEntry {
  name: string;
  mode: string;
}

/** `ls -la DIR` on a node, its entries (not . and ..). */
export async function listDir(node: string, dir: string): Promise<{ entries: DirEntry[]; evidence: Evidence[] }> {
  const r = await runOnNode(node, ['ls', '-la', dir]);
  if (!succeeded(r)) throw new LabgateError(`${node}: ls -la ${dir} failed: ${commandFailure(r)}`);
  const entries = r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w.length >= 9 && /^[-dl]/.test(w[0]!))
    .map((w) => ({ name: w.slice(8).join(' ').split(' -> ')[0]!, mode: w[0]! }))
    .filter((e) => e.name !== '.' && e.name !== '..');
  return { entries, evidence: [commandEvidence(`${node}: ls -la ${dir}`, r)] };
}

export async function readNodeFile(node: string, path: string): Promise<{ text?: string; evidence: Evidence[] }> {
  const r = await runOnNode(node, ['cat', path]);
  return { ...(succeeded(r) ? { text: r.stdout } : {}), evidence: [commandEvidence(`${node}: cat ${path}`, r)] };
}

const CONFIG = /\.(conf|conflist|json)$/;

/** kubelet reads the config folder in name order and takes the first config file. */
export function firstConfig(
  node: string,
  dir: string,
  entries: DirEntry[],
  expected: string,
  evidence: Evidence[],
): Finding<string> {
  const configs = entries
    .filter((e) => e.mode.startsWith('-') && CONFIG.test(e.name))
    .map((e) => e.name)
    .sort();
  return finding(
    expected,
    configs[0] ?? 'none',
    `The lab promises that kubelet on ${node} selects ${expected}, the first config of ${dir} in name order; ` +
      `the configs there are ${configs.join(', ') || 'none'}. Check \`docker exec ${node} ls -la ${dir}\`.`,
    evidence,
  );
}

interface CniConfig {
  type?: string;
  kubeconfig?: string;
  delegates?: { plugins?: { type?: string; ipam?: { type?: string } }[]; type?: string }[];
}

/** A Multus config: its type, and its first delegate's first plugin (with its IPAM) and the plugins chained after. */
export function delegatingConfig(
  node: string,
  path: string,
  text: string | undefined,
  expected: { type: string; primary: string; ipam: string; chained: string },
  evidence: Evidence[],
): Finding<string[]> {
  let cfg: CniConfig | undefined;
  try {
    cfg = text === undefined ? undefined : (JSON.parse(text) as CniConfig);
  } catch {
    cfg = undefined;
  }
  const plugins = cfg?.delegates?.[0]?.plugins ?? [];
  const want = [
    `type ${expected.type}`,
    `first delegate ${expected.primary} with ${expected.ipam}`,
    `chained ${expected.chained}`,
  ];
  const observed = cfg
    ? [
        `type ${cfg.type ?? 'none'}`,
        `first delegate ${plugins[0]?.type ?? 'none'} with ${plugins[0]?.ipam?.type ?? 'no IPAM'}`,
        plugins.slice(1).some((p) => p.type === expected.chained)
          ? `chained ${expected.chained}`
          : `chained ${plugins
              .slice(1)
              .map((p) => p.type)
              .join(', ')}`,
      ]
    : [text === undefined ? `no file ${path}` : `${path} is not JSON`];
  return finding(
    want,
    observed,
    `The lab promises that ${path} on ${node} is the ${expected.type} config whose first delegate is ` +
      `${expected.primary} (IPAM ${expected.ipam}) chained with ${expected.chained}; it has ${observed.join(', ')}. ` +
      `Check \`docker exec ${node} cat ${path}\`.`,
    evidence,
  );
}

/** Every node has the plugin binary, executable, in the binary folder. */
export function pluginOnEveryNode(
  listings: { node: string; entries: DirEntry[] }[],
  dir: string,
  plugin: string,
  evidence: Evidence[],
): Finding<string[]> {
  const expected = listings.map((l) => `${l.node} ${plugin}`);
  const observed = listings.map((l) => {
    const e = l.entries.find((x) => x.name === plugin);
    if (!e) return `${l.node} has no ${plugin}`;
    return e.mode.startsWith('-') && e.mode.includes('x') ? `${l.node} ${plugin}` : `${l.node} ${plugin} ${e.mode}`;
  });
  return finding(
    expected,
    observed,
    `The lab promises that the ${plugin} CNI plugin is installed in ${dir} on every node; ` +
      `${observed.filter((o, i) => o !== expected[i]).join(', ') || 'it is'}. ` +
      `Check \`docker exec <node> ls -la ${dir}/ | grep ${plugin}\`.`,
    evidence,
  );
}
