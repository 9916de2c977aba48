/**
 * Port names `iptables -L` prints without -n (from the node's /etc/services), for the ports Kubernetes
 * Services commonly use. A name not listed here is refused rather than guessed.
 */
const PORTS: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  sunrpc: 111,
  portmapper: 111,
  ntp: 123,
  snmp: 161,
  ldap: 389,
  https: 443,
  shell: 514,
  syslog: 514,
  ldaps: 636,
  rsync: 873,
  openvpn: 1194,
  radius: 1812,
  nfs: 2049,
  mysql: 3306,
  mdns: 5353,
  postgresql: 5432,
  postgres: 5432,
  sip: 5060,
  amqp: 5672,
  x11: 6000,
  redis: 6379,
  'http-alt': 8080,
  webcache: 8080,
  tproxy: 8081,
  git: 9418,
};

/** "http" -> 80, "8080" -> 8080, an unknown name -> null. */
export function portNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return PORTS[text] ?? null;
}
