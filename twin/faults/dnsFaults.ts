/** The cluster DNS loses one record: its hosts file rewritten without the name, and dnsmasq told to reload. */
import { LabgateError } from '../shared.ts';
import { netnsName, POD_CONF_DIR, POD_RUN_DIR } from '../dataplane/pods.ts';
import { dnsPod, scriptOnNode, type FaultContext } from './context.ts';

const DROP_RECORD_SCRIPT = `
hosts="$1"; name="$2"; pidfile="$3"
awk -v n="$name" '$2 != n' "$hosts" > "$hosts.new"
if cmp -s "$hosts" "$hosts.new"; then rm -f "$hosts.new"; echo "no record for $name in $hosts" >&2; exit 3; fi
mv "$hosts.new" "$hosts"
kill -HUP "$(cat "$pidfile")"
`;

export async function dropDnsRecord(ctx: FaultContext): Promise<string> {
  const pod = dnsPod(ctx.plan);
  const svc = ctx.plan.services.find((s) => s.name === 'nginx-service');
  if (!svc) throw new LabgateError('the twin plan has no nginx-service');
  const name = `${svc.name}.${svc.namespace}.svc.${ctx.plan.dnsDomain}`;
  const ns = netnsName(pod);
  await scriptOnNode(pod.node, DROP_RECORD_SCRIPT, [`${POD_CONF_DIR}/${ns}/hosts`, name, `${POD_RUN_DIR}/${ns}/main.pid`]);
  return `removed the record ${name} -> ${svc.clusterIP} from the hosts of pod ${pod.name} on ${pod.node} and reloaded dnsmasq`;
}
