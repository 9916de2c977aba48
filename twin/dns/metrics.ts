/**
 * kube-dns's metrics port 9153 answered by Debian's nginx-light: GET /metrics returns a Prometheus text
 * page saying which server answers DNS in this pod and how it is configured. It carries none of CoreDNS's
 * own metric names (there is no CoreDNS to count them).
 */

export const METRICS_PORT = 9153;

export function metricsPage(domain: string, ttl: number, upstream: string): string {
  return [
    "# HELP labgate_twin_dns_info The twin's cluster DNS in this pod: the server, the cluster domain, " +
      'its record TTL and its upstream stand-in.',
    '# TYPE labgate_twin_dns_info gauge',
    `labgate_twin_dns_info{server="unbound",domain="${domain}",ttl="${ttl}",upstream="${upstream}"} 1`,
    '',
  ].join('\n');
}

export function metricsNginxConf(paths: {
  podIp: string;
  pageDir: string;
  pidFile: string;
  errorLog: string;
  tempDir: string;
}): string {
  return [
    // as root, like the twin's unbound: the page is readable whatever mode the caller's directories have
    'user root;',
    'worker_processes 1;',
    `pid ${paths.pidFile};`,
    `error_log ${paths.errorLog};`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${paths.tempDir};`,
    '  server {',
    `    listen ${paths.podIp}:${METRICS_PORT};`,
    `    location = /metrics { default_type "text/plain; version=0.0.4"; alias ${paths.pageDir}/metrics.txt; }`,
    '    location / { return 404; }',
    '  }',
    '}',
    '',
  ].join('\n');
}
