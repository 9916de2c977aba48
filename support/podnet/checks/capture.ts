/** Lab 03: a capture in the destination pod shows the source pod's own address: no NAT between pods. */
import { finding, type Evidence, type Finding } from '../../floor/finding.ts';
import { kubectlExec, podLabel, type PodPlace } from '../model.ts';
import { isEchoReply, isEchoRequest, type Capture } from '../tcpdump.ts';

/** Every address the destination pod exchanged echoes with: sources of requests to it, destinations of its replies. */
export function echoPeers(capture: Capture, destinationIp: string): string[] {
  const peers = new Set<string>();
  for (const p of capture.packets) {
    if (isEchoRequest(p) && p.dst === destinationIp && p.src) peers.add(p.src);
    if (isEchoReply(p) && p.src === destinationIp && p.dst) peers.add(p.dst);
  }
  return [...peers].sort();
}

export function captureShowsSourcePod(
  source: PodPlace,
  destination: PodPlace,
  capture: Capture,
  evidence: Evidence[],
): Finding<string[]> {
  const observed = echoPeers(capture, destination.ip);
  return finding(
    [source.ip],
    observed,
    `The lab promises that pods talk without NAT: a capture in pod ${podLabel(destination)} ` +
      `(${destination.ip}, on ${destination.node}) while ${podLabel(source)} pings it shows ${source.ip}, the ` +
      `source pod's own address; the echoes captured were exchanged with ${observed.join(', ') || 'nobody'} ` +
      `(${capture.packets.length} packet(s) captured). Check the nat table on ${source.node} and ` +
      `${destination.node} (\`iptables -t nat -S POSTROUTING\`, docker exec), and ` +
      `\`${kubectlExec(destination, 'tcpdump -n -c 6 icmp')}\`.`,
    evidence,
  );
}
