/** Every node's NAT tables as kube-proxy left them: read once per run, or fresh with counters. */
import type { NodeNat } from '../kubeproxy/facts.ts';
import { parseIptables } from '../kubeproxy/index.ts';
import { readNatTable, type NatDump } from '../kubeproxy/natReader.ts';
import type { ClusterReads } from './clusterReads.ts';
import type { ReadOnce } from './memo.ts';

export class NatReads {
  constructor(
    private readonly reads: ReadOnce,
    private readonly cluster: ClusterReads,
  ) {}

  /** The node's NAT table without counters, read once per run. */
  table(node: string): Promise<NodeNat> {
    return this.reads.once(`nat/${node}`, () => this.read(node, false));
  }

  /** Every node's IPv6 NAT table, read once per run. */
  async ipv6Tables(): Promise<NatDump[]> {
    const nodes = (await this.cluster.nodes()).map((n) => n.metadata?.name ?? '');
    return Promise.all(nodes.map((node) => this.reads.once(`nat6/${node}`, () => readNatTable(node, { ipv6: true }))));
  }

  /** A fresh reading with packet counters (never cached: counters move). */
  withCounters(node: string): Promise<NodeNat> {
    return this.read(node, true);
  }

  private async read(node: string, counters: boolean): Promise<NodeNat> {
    const dump = await readNatTable(node, { counters });
    return { node, text: dump.text, table: parseIptables(dump.text), command: dump.result.command };
  }
}
