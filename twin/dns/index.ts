/**
 * The twin's cluster DNS for one DNS pod, as files and shell commands (pure: nothing runs here). Three
 * processes in the pod's network namespace: unbound answering on the pod's address (port 53, UDP and
 * TCP) from the twin's records, a second unbound on 127.0.0.53 as the upstream stand-in it forwards to,
 * and nginx serving the metrics port. Everything daemonizes and leaves a pid file in `runDir`. The Corefile is
 * rendered from the server's configuration (corefileFromConfig.ts).
 */
import { join } from 'node:path';
import { LabgateError } from '../shared.ts';
import { shq } from '../dataplane/shell.ts';
import { corefileFromUnbound } from './corefileFromConfig.ts';
import { metricsNginxConf, metricsPage } from './metrics.ts';
import { clusterRecords, isIp } from './records.ts';
import type { ClusterDnsConfig, ClusterDnsInput } from './types.ts';
import { serverConf, UPSTREAM_ADDRESS, upstreamConf } from './unbound.ts';

export type {
  ClusterDnsConfig,
  ClusterDnsInput,
  DnsEndpoint,
  DnsPod,
  DnsService,
  DnsServicePort,
  UpstreamStandIn,
} from './types.ts';
export { clusterRecords, type ResourceRecord } from './records.ts';
export { UPSTREAM_ADDRESS } from './unbound.ts';

/** How long a stop waits for a process to exit before giving up (50 ms steps). */
const STOP_WAIT_STEPS = 100;

function requireAbsolute(path: string, what: string): void {
  if (!path.startsWith('/') || /[\s'"\\$`]/.test(path))
    throw new LabgateError(`twin DNS: ${what} "${path}" must be an absolute path without spaces or quotes`);
}

function stopByPidFile(pidFile: string, signal = 'TERM'): string {
  const f = shq(pidFile);
  const alive = 'kill -0 "$p" 2>/dev/null';
  const waitGone = `i=0; while ${alive} && [ $i -lt ${STOP_WAIT_STEPS} ]; do sleep 0.05; i=$((i+1)); done`;
  const stop = `kill -${signal} "$p" 2>/dev/null || true; ${waitGone}`;
  return `(p=$(cat ${f} 2>/dev/null || true); if [ -n "$p" ]; then ${stop}; fi; rm -f ${f})`;
}

export function clusterDnsConfig(input: ClusterDnsInput): ClusterDnsConfig {
  requireAbsolute(input.confDir, 'confDir');
  requireAbsolute(input.runDir, 'runDir');
  // the servers listen on IPv4 only (the labs are single-stack)
  if (!isIp(input.podIp) || input.podIp.includes(':'))
    throw new LabgateError(`twin DNS: pod address "${input.podIp}" is not an IPv4 address`);
  const upstream = input.upstream ?? 'unreachable';
  const records = clusterRecords(input);
  const conf = (name: string) => join(input.confDir, name);
  const run = (name: string) => join(input.runDir, name);
  const pidFiles = { server: run('unbound.pid'), upstream: run('upstream.pid'), metrics: run('metrics.pid') };
  const prefix = (input.exec ?? []).map(shq).join(' ');
  const inPod = (...argv: string[]) => [prefix, ...argv.map(shq)].filter(Boolean).join(' ');

  const files: Record<string, string> = {
    [conf('unbound.conf')]: serverConf(input.domain, records, {
      podIp: input.podIp,
      confDir: input.confDir,
      pidFile: pidFiles.server,
      logFile: run('unbound.log'),
    }),
    [conf('upstream.conf')]: upstreamConf(upstream, {
      confDir: input.confDir,
      pidFile: pidFiles.upstream,
      logFile: run('upstream.log'),
    }),
    [conf('metrics-nginx.conf')]: metricsNginxConf({
      podIp: input.podIp,
      pageDir: conf('metrics'),
      pidFile: pidFiles.metrics,
      errorLog: run('metrics-error.log'),
      tempDir: run('metrics-body'),
    }),
    [conf('metrics/metrics.txt')]: metricsPage(input.domain, input.ttl, upstream),
  };
  const startUpstream = inPod('unbound', '-c', conf('upstream.conf'));
  const resolvConf = `nameserver ${UPSTREAM_ADDRESS}\n`;
  const reload = `kill -HUP "$(cat ${shq(pidFiles.server)})"`;
  return {
    files,
    startCommand: [
      startUpstream,
      inPod('unbound', '-c', conf('unbound.conf')),
      inPod('nginx', '-c', conf('metrics-nginx.conf')),
    ].join(' && '),
    reloadCommand: reload,
    // a reload also empties unbound's caches, including its memory of an upstream that failed
    restartUpstreamCommand: [stopByPidFile(pidFiles.upstream), startUpstream, reload].join(' && '),
    stopCommand: [
      stopByPidFile(pidFiles.metrics, 'QUIT'),
      stopByPidFile(pidFiles.server),
      stopByPidFile(pidFiles.upstream),
    ].join('; '),
    corefile: corefileFromUnbound(files[conf('unbound.conf')]!, resolvConf, conf('unbound.conf')),
    resolvConf,
    pidFiles,
  };
}
