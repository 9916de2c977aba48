/**
 * Readers of marking and shaping on a running lab: iperf3 from a pod to a one-off `iperf3 -s` on a host of the
 * topology, a bounded `tcpdump -v` on a container while a pod pings, a host's fabric address, the shaper's state
 * through `tc`. Every command has a bound; the iperf3 server a run starts is gone when the run ends.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { commandFailure, runOnNode, succeeded } from '../access/nodeRunner.ts';
import { captureOnContainerDuring } from '../access/captureOnContainer.ts';
import { execInPod, type PodRef } from '../access/podExec.ts';
import { LabgateError } from '../floor/errors.ts';
import { commandEvidence, type Evidence } from '../floor/finding.ts';
import { readIperfJson, type ThroughputRun } from '../throughput/iperf.ts';
import { htbDefaultClass, parseHtbClasses, parseU32Filters, type HtbClass, type U32Filter } from './htb.ts';
import { parseTosCapture, type TosCapture } from './tosCapture.ts';

/** Not iperf3's default 5201: a server the student started for the lab text keeps its port. */
export const IPERF3_PORT = 5211;
const PIDFILE = '/tmp/labgate-iperf3.pid';
/** iperf3's own bound on connecting, and the exec's bound over a run of `seconds` (a shaped queue drains after). */
const CONNECT_TIMEOUT_MS = 3_000;
const runBoundMs = (seconds: number) => (seconds + 20) * 1_000;

async function onContainer(container: string, argv: string[], what: string, timeoutMs?: number) {
  const r = await runOnNode(container, argv, timeoutMs);
  if (!succeeded(r)) throw new LabgateError(`${what} on ${container} failed: ${commandFailure(r)}`);
  return r;
}

/** The host's IPv4 addresses on its topology links (every interface but eth0, containerlab's management). */
export async function fabricAddress(container: string): Promise<{ address: string; evidence: Evidence[] }> {
  const r = await onContainer(container, ['ip', '-j', '-4', 'addr', 'show'], 'reading the addresses');
  const links = JSON.parse(r.stdout) as { ifname: string; addr_info?: { local: string; scope: string }[] }[];
  const address = links
    .filter((l) => l.ifname !== 'eth0' && l.ifname !== 'lo')
    .flatMap((l) => l.addr_info ?? [])
    .find((a) => a.scope === 'global')?.local;
  if (!address) throw new LabgateError(`${container} has no address on a topology link (only eth0 or none)`);
  return { address, evidence: [commandEvidence(`addresses of ${container}`, r)] };
}

/**
 * Runs `iperf3 -c` in the pod for `seconds` against a one-off `iperf3 -s` started on `server` (a container) at
 * `address`; the server is stopped afterwards whatever happened.
 */
export async function iperf3FromPod(
  kc: KubeConfig,
  pod: PodRef,
  server: string,
  address: string,
  seconds: number,
): Promise<{ run: ThroughputRun; evidence: Evidence[] }> {
  const port = String(IPERF3_PORT);
  const start = await onContainer(
    server,
    [
      'sh',
      '-c',
      `iperf3 -s -1 -D -p "$1" --pidfile ${PIDFILE} && for i in $(seq 50); do ` +
        'ss -Htln "sport = :$1" | grep -q . && exit 0; sleep 0.1; done; echo "iperf3 -s is not listening" >&2; exit 1',
      'sh',
      port,
    ],
    'starting iperf3 -s',
  );
  try {
    const argv = [
      'iperf3',
      '-c',
      address,
      '-p',
      port,
      '-t',
      String(seconds),
      '-J',
      '--connect-timeout',
      String(CONNECT_TIMEOUT_MS),
    ];
    const r = await execInPod(kc, { ...pod, pod: pod.name, command: argv, timeoutMs: runBoundMs(seconds) });
    if (r.timedOut)
      throw new LabgateError(`iperf3 in pod ${pod.name} did not end within ${runBoundMs(seconds) / 1000} s`);
    if (r.failure && r.exitCode === undefined) throw new LabgateError(`iperf3 in pod ${pod.name}: ${r.failure}`);
    const parsed = readIperfJson(r.stdout);
    if (parsed.problems.length > 0)
      throw new LabgateError(`iperf3 in pod ${pod.name} printed what labgate cannot read: ${parsed.problems[0]}`);
    return {
      run: parsed.value,
      evidence: [
        commandEvidence(`iperf3 -s on ${server}`, start),
        commandEvidence(`kubectl exec ${pod.name} -- ${argv.join(' ')}`, r),
      ],
    };
  } finally {
    await runOnNode(server, [
      'sh',
      '-c',
      `[ -f ${PIDFILE} ] && kill "$(cat ${PIDFILE})" 2>/dev/null; rm -f ${PIDFILE}; true`,
    ]);
  }
}

/** How long tcpdump is given to start listening before the pod's first echo request. */
const CAPTURE_START_MS = 500;

/**
 * A bounded `tcpdump -v -n` of the ICMP to `dst` on `container`'s `iface` while the pod pings `dst`: the capture
 * stops after `count` packets or 12 s. The pod sends twice `count` echo requests, 0.2 s apart, so a tcpdump that
 * starts listening late still sees `count` of them (the exec of tcpdump gives no sign of listening to wait for);
 * the pod's ping has ended when this returns, so no request of it reaches the next capture.
 */
export async function captureWhilePinging(
  kc: KubeConfig,
  container: string,
  iface: string,
  pod: PodRef,
  dst: string,
  count: number,
): Promise<{ capture: TosCapture; evidence: Evidence[] }> {
  const tcpdump = [
    'timeout',
    '12',
    'tcpdump',
    '-i',
    iface,
    '-v',
    '-n',
    '-l',
    '-c',
    String(count),
    `icmp and dst host ${dst}`,
  ];
  const ping = ['ping', '-c', String(2 * count), '-i', '0.2', '-W', '1', dst];
  const { result: r, during: pinged } = await captureOnContainerDuring(
    container,
    iface,
    tcpdump,
    15_000,
    CAPTURE_START_MS,
    () => execInPod(kc, { ...pod, pod: pod.name, command: ping, timeoutMs: 15_000 }),
  );
  const parsed = parseTosCapture(`${r.stdout}\n${r.stderr}`);
  if (parsed.problems.length > 0)
    throw new LabgateError(`tcpdump on ${container} printed what labgate cannot read: ${parsed.problems[0]}`);
  return {
    capture: parsed.value,
    evidence: [
      commandEvidence(`tcpdump on ${container}`, r),
      commandEvidence(`kubectl exec ${pod.name} -- ${ping.join(' ')}`, pinged),
    ],
  };
}

/** The HTB shaper on `iface` as the kernel holds it: its classes, u32 filters and default class. */
export async function readShaper(
  container: string,
  iface: string,
): Promise<{ classes: HtbClass[]; filters: U32Filter[]; defaultClass?: string; evidence: Evidence[] }> {
  const qdisc = await onContainer(container, ['tc', 'qdisc', 'show', 'dev', iface], 'tc qdisc show');
  const cls = await onContainer(container, ['tc', 'class', 'show', 'dev', iface], 'tc class show');
  const flt = await onContainer(container, ['tc', 'filter', 'show', 'dev', iface], 'tc filter show');
  const classes = parseHtbClasses(cls.stdout);
  const filters = parseU32Filters(flt.stdout);
  const problem = [...classes.problems, ...filters.problems][0];
  if (problem) throw new LabgateError(`tc on ${container} ${iface} printed what labgate cannot read: ${problem}`);
  const defaultClass = htbDefaultClass(qdisc.stdout);
  return {
    classes: classes.value,
    filters: filters.value,
    ...(defaultClass ? { defaultClass } : {}),
    evidence: [qdisc, cls, flt].map((r) => commandEvidence(`${r.command.slice(3).join(' ')} on ${container}`, r)),
  };
}
