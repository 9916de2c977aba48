/**
 * The kube-proxy path of one ClusterIP Service as a picture:
 * Service VIP -> KUBE-SERVICES -> KUBE-SVC-<hash> -> KUBE-SEP-<hash> (one per endpoint) -> pod IP:port.
 * We write DOT and let Graphviz (compiled to WASM by @viz-js/viz) do the layout.
 */
import { instance, type Viz } from '@viz-js/viz';
import type { EndpointView, RuleCounters, ServiceView } from '../kubeproxy/types.ts';

export interface ServiceDiagramOptions {
  /** the lab node whose iptables rules the view was read from */
  node?: string;
  title?: string;
}

const COLOURS = {
  entry: '#dbe9f6',
  services: '#c6dbef',
  svc: '#fdd9b5',
  sep: '#c7e9c0',
  pod: '#eeeeee',
  warn: '#fbb4ae',
};

let vizInstance: Promise<Viz> | undefined;

export async function renderServiceDiagram(view: ServiceView, opts: ServiceDiagramOptions = {}): Promise<string> {
  vizInstance ??= instance();
  const viz = await vizInstance;
  return viz.renderString(serviceDiagramDot(view, opts), { format: 'svg', engine: 'dot' });
}

/** The DOT text behind the diagram; exported so a report can attach it next to the SVG. */
export function serviceDiagramDot(view: ServiceView, opts: ServiceDiagramOptions = {}): string {
  const protocol = view.protocol.toLowerCase();
  const vip = `${view.clusterIP}:${view.port}`;
  const title = opts.title ?? `Service ${view.name}: ClusterIP ${vip}/${protocol.toUpperCase()}`;
  const subtitle = opts.node ? `iptables nat table on node ${opts.node}` : 'iptables nat table';

  const lines: string[] = [
    'digraph kube_proxy_service {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=16, labelloc=t, labeljust=l, nodesep=0.35, ' +
      'ranksep=0.9, pad=0.3,',
    `         label=<<b>${html(title)}</b><br align="left"/>` +
      `<font point-size="12">${html(subtitle)}</font><br align="left"/>>];`,
    // Courier: Graphviz sizes boxes from its own font metrics, and a monospace face keeps those right in any viewer.
    '  node [shape=plain, fontname="Courier", fontsize=12];',
    '  edge [fontname="Helvetica", fontsize=11, color="#555555"];',
    `  client [label=${table(COLOURS.entry, [
      `<b>Service VIP</b>`,
      `<b>${html(vip)}</b> ${html(protocol)}`,
      html(view.name),
    ])}];`,
    `  kube_services [label=${table(COLOURS.services, [
      '<b>KUBE-SERVICES</b>',
      html(`-d ${view.clusterIP}/32 -p ${protocol} --dport ${view.port}`),
      html(`-j ${view.chain}`),
    ])}];`,
    `  kube_svc [label=${table(COLOURS.svc, svcRows(view))}];`,
    '  client -> kube_services [label="new connection"];',
    '  kube_services -> kube_svc [label="jump"];',
  ];

  if (view.endpoints.length === 0) {
    lines.push(
      `  no_endpoints [label=${table(COLOURS.warn, ['<b>no endpoints</b>', 'kube-proxy rejects new connections'])}];`,
    );
    lines.push('  kube_svc -> no_endpoints [style=dashed];');
  }
  view.endpoints.forEach((endpoint, i) => {
    const sep = `sep_${i}`;
    const pod = `pod_${i}`;
    lines.push(`  ${sep} [label=${table(COLOURS.sep, sepRows(endpoint))}];`);
    lines.push(`  ${pod} [label=${table(COLOURS.pod, ['<b>pod</b>', `<b>${html(endpoint.address)}</b>`])}];`);
    const rulePosition = i + (view.masqueradeUnlessFrom ? 2 : 1); // kube-proxy writes the masquerade rule first
    lines.push(`  kube_svc -> ${sep} [label=${quote(branchLabel(endpoint, rulePosition))}];`);
    lines.push(`  ${sep} -> ${pod} [label=${quote(dnatLabel(endpoint))}];`);
  });
  lines.push('}');
  return lines.join('\n');
}

function svcRows(view: ServiceView): string[] {
  const rows = [`<b>${html(view.chain)}</b>`, html(view.name)];
  if (!view.chainMatchesKubeProxyHash) rows.push(warn('name differs from the kube-proxy hash'));
  rows.push(
    view.masqueradeUnlessFrom
      ? html(`masquerade: ! -s ${view.masqueradeUnlessFrom} -j KUBE-MARK-MASQ`)
      : warn('no masquerade rule for clients outside the pod CIDR'),
  );
  rows.push(html(`${view.endpoints.length} endpoint branch${view.endpoints.length === 1 ? '' : 'es'}`));
  return rows;
}

function sepRows(endpoint: EndpointView): string[] {
  const rows = [`<b>${html(endpoint.chain)}</b>`];
  if (!endpoint.chainMatchesKubeProxyHash) rows.push(warn('name differs from the kube-proxy hash'));
  if (endpoint.hairpinMasqFrom) rows.push(html(`hairpin: -s ${endpoint.hairpinMasqFrom} -j KUBE-MARK-MASQ`));
  rows.push(html(`-j DNAT --to-destination ${endpoint.address}`));
  return rows;
}

function branchLabel(endpoint: EndpointView, rulePosition: number): string {
  const rule =
    endpoint.ruleProbability === null
      ? 'no statistic match: the rest'
      : `probability ${formatProbability(endpoint.ruleProbability)}`;
  const parts = [`rule ${rulePosition}: ${rule}`, `share ${formatShare(endpoint.share)}`];
  if (endpoint.counters) parts.push(formatCounters(endpoint.counters));
  return parts.join('\n');
}

function dnatLabel(endpoint: EndpointView): string {
  return endpoint.counters ? `DNAT\n${formatCounters(endpoint.counters)}` : 'DNAT';
}

export function formatProbability(p: number): string {
  return String(Number(p.toPrecision(5)));
}

export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

function formatCounters(c: RuleCounters): string {
  return `${c.packets} pkt${c.packets === 1 ? '' : 's'} / ${c.bytes} B`;
}

/** An HTML-like Graphviz label: one coloured box, one row per line. Rows are already escaped. */
function table(colour: string, rows: string[]): string {
  const cells = rows
    .map((row, i) => `<tr><td${i === 0 ? ` bgcolor="${colour}"` : ''} align="left">${row}</td></tr>`)
    .join('');
  return `<<table border="1" cellborder="0" cellspacing="0" cellpadding="5" color="#666666">${cells}</table>>`;
}

function warn(text: string): string {
  return `<font color="#b30000">${html(text)}</font>`;
}

/** Escape text for a Graphviz HTML-like label. */
export function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A DOT double-quoted string; newlines become centred line breaks. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
