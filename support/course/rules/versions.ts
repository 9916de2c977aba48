/**
 * Versions the text shows against the ones the lab's files pin: image tags pinned in the topology or the
 * Kind config (kindest/node, cEOS, ...) against the same images named in the text's blocks; the Kubernetes
 * version of a pinned kindest/node image against the VERSION column of `kubectl get nodes` tables; the Calico
 * release the deploy script installs against Calico releases named in the text. Unpinned images (no tag,
 * `latest`) are not judged.
 */
import type { Finding } from '../finding.ts';
import { readShownTable } from '../kubectlTables.ts';
import type { LabModel } from '../lab.ts';
import { finding, type Rule } from './rule.ts';

interface Pin {
  image: string; // repository, e.g. kindest/node
  tag: string;
  file: string;
}

export const versionDrift: Rule = (lab) => {
  const out: Finding[] = [];
  const pins = pinnedImages(lab);
  const kubernetes = pins.find((p) => p.image === 'kindest/node');
  const calico = calicoRelease(lab);
  const patterns = pins.map((pin) => ({
    pin,
    re: new RegExp(`(?<![\\w/.-])${escapeRegExp(pin.image)}:([\\w.-]+)`, 'g'),
  }));
  for (const block of lab.blocks) {
    const lines = block.fence.content.split('\n');
    const seen = new Set<string>();
    lines.forEach((text, i) => {
      const line = block.fence.contentLine + i;
      for (const { pin, re } of patterns) {
        if (!text.includes(pin.image)) continue;
        for (const m of text.matchAll(re)) {
          const tag = m[1]!;
          if (tag === pin.tag || tag === 'latest' || seen.has(`${pin.image}:${tag}`)) continue;
          seen.add(`${pin.image}:${tag}`);
          out.push(
            finding(lab, {
              line,
              kind: 'version',
              severity: 'warning',
              message: `the text shows ${pin.image}:${tag}, but ${pin.file} pins ${pin.image}:${pin.tag}`,
              fix: `show ${pin.image}:${pin.tag}, or change the pin`,
            }),
          );
        }
      }
      if (calico && text.includes('projectcalico')) {
        for (const m of text.matchAll(/projectcalico\/calico\/(?:releases\/download\/)?(v\d+\.\d+\.\d+)/g)) {
          if (m[1] === calico.version || seen.has(`calico:${m[1]}`)) continue;
          seen.add(`calico:${m[1]}`);
          out.push(
            finding(lab, {
              line,
              kind: 'version',
              severity: 'warning',
              message: `the text uses Calico ${m[1]}, but deploy.sh installs Calico ${calico.version}`,
              fix: `use ${calico.version}`,
            }),
          );
        }
      }
    });
    if (kubernetes && /^v\d/.test(kubernetes.tag) && (block.role === 'output' || block.mixed)) {
      const table = readShownTable(block.fence.content, block.fence.contentLine);
      if (!table?.columns.includes('VERSION') || table.columns[1] !== 'STATUS') continue;
      const row = table.rows.find((r) => /^v\d/.test(r.cells.VERSION ?? '') && r.cells.VERSION !== kubernetes.tag);
      if (row) {
        out.push(
          finding(lab, {
            line: row.line,
            kind: 'version',
            severity: 'warning',
            message:
              `the nodes shown run Kubernetes ${row.cells.VERSION}, but ${kubernetes.file} pins ` +
              `kindest/node:${kubernetes.tag}`,
            fix: `show the output of a ${kubernetes.tag} cluster, or change the pin`,
          }),
        );
      }
    }
  }
  return out;
};

function pinnedImages(lab: LabModel): Pin[] {
  const pins: Pin[] = [];
  const add = (ref: string | undefined, file: string) => {
    const m = ref ? /^(.+):([\w.-]+)$/.exec(ref) : null;
    if (m && m[2] !== 'latest' && !pins.some((p) => p.image === m[1])) pins.push({ image: m[1]!, tag: m[2]!, file });
  };
  for (const node of lab.topology?.nodes ?? []) add(node.image, lab.topology!.file);
  for (const c of lab.clusters)
    for (const image of c.config?.images ?? []) add(image, c.configFile ?? 'the Kind config');
  return pins;
}

function calicoRelease(lab: LabModel): { version: string } | undefined {
  for (const url of lab.appliedUrls) {
    const m = /projectcalico\/calico\/(v\d+\.\d+\.\d+)\//.exec(url);
    if (m) return { version: m[1]! };
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
