#!/usr/bin/env bash
# Lab 04's promises checked the way a course author would script them: kubectl with the lab's kubeconfig,
# docker exec on the nodes, grep and awk; one process per check, one check after another. Exit 0 when every
# check holds, 1 otherwise (each failed check prints a line). The yardstick for bench/lab04/bench.sh.
set -u
cd "$(dirname "$0")/../.."
export KUBECONFIG=${KUBECONFIG:-./k8-services.kubeconfig}
k() { kubectl --context kind-k8-services "$@"; }
failed=0
check() { if eval "$2" >/dev/null 2>&1; then :; else echo "FAIL: $1"; failed=1; fi; }
CLUSTER=k8-services
NODES="$CLUSTER-control-plane $CLUSTER-worker $CLUSTER-worker2"

# Exercise 1: topology
check "3 node containers running" '[ "$(docker ps --filter label=io.x-k8s.kind.cluster=$CLUSTER --format "{{.State}}" | grep -c running)" = 3 ]'
check "3 nodes Ready" '[ "$(k get nodes --no-headers | awk "\$2==\"Ready\"" | wc -l)" = 3 ]'
for c in apiserver calico; do
  check "tigerastatus $c Available" '[ "$(k get tigerastatus '$c' -o jsonpath="{.status.conditions[?(@.type==\"Available\")].status}")" = True ]'
done
check "IP pool 192.168.0.0/16 /26" 'k get installation default -o jsonpath="{.spec.calicoNetwork.ipPools[0].cidr} {.spec.calicoNetwork.ipPools[0].blockSize}" | grep -qx "192.168.0.0/16 26"'

# Exercise 2: pods and the Service
for w in multitool-1 multitool-2 nginx-deployment; do
  sel=$( [ $w = nginx-deployment ] && echo app=nginx || echo app=$w )
  check "$w pods Running and Ready" 'k get pods -l '$sel' --no-headers | awk "{ n++; split(\$2, r, \"/\"); if (\$3 != \"Running\" || r[1] != r[2]) bad=1 } END { exit (bad || !n) }"'
done
for ds in multitool-1 multitool-2; do
  check "$ds on each of 3 nodes" '[ "$(k get pods -l app='$ds' -o jsonpath="{range .items[*]}{.spec.nodeName}{\"\n\"}{end}" | sort -u | wc -l)" = 3 ]'
done
check "nginx pods on different nodes" '[ "$(k get pods -l app=nginx -o jsonpath="{range .items[*]}{.spec.nodeName}{\"\n\"}{end}" | sort -u | wc -l)" = 2 ]'
check "pod IPs in 192.168.0.0/16" '! k get pods -o jsonpath="{range .items[*]}{.status.podIP}{\"\n\"}{end}" | grep -v "^192\.168\."'
check "pods of a node share a /26" '[ "$(k get pods -o jsonpath="{range .items[*]}{.spec.nodeName} {.status.podIP}{\"\n\"}{end}" | awk "{ split(\$2,o,\".\"); print \$1, o[3], int(o[4]/64) }" | sort -u | awk "{print \$1}" | uniq -d | wc -l)" = 0 ]'
VIP=$(k get svc nginx-service -o jsonpath='{.spec.clusterIP}')
check "nginx-service ClusterIP in 10.96.0.0/16" 'k get svc nginx-service -o jsonpath="{.spec.type} {.spec.clusterIP}" | grep -q "^ClusterIP 10\.96\."'
check "port 80/TCP named http, no external IP" 'k get svc nginx-service -o jsonpath="{.spec.ports[0].port}/{.spec.ports[0].protocol}/{.spec.ports[0].name}/{.spec.externalIPs}" | grep -qx "80/TCP/http/"'

# EndpointSlices and Endpoints
PODIPS=$(k get pods -l app=nginx -o jsonpath='{range .items[*]}{.status.podIP}{"\n"}{end}' | sort | xargs)
check "slices list the nginx pod IPs on port 80" '[ "$(k get endpointslices -l kubernetes.io/service-name=nginx-service -o jsonpath="{range .items[*].endpoints[*]}{.addresses[0]}{\"\n\"}{end}" | sort | xargs)" = "$PODIPS" ] && k get endpointslices -l kubernetes.io/service-name=nginx-service -o jsonpath="{.items[*].ports[*].port}" | grep -qx 80'
check "every endpoint names its pod and node" '[ "$(k get endpointslices -l kubernetes.io/service-name=nginx-service -o jsonpath="{range .items[*].endpoints[*]}{.targetRef.name} {.nodeName}{\"\n\"}{end}" | sort)" = "$(k get pods -l app=nginx -o jsonpath="{range .items[*]}{.metadata.name} {.spec.nodeName}{\"\n\"}{end}" | sort)" ]'
check "Endpoints agree with the slices" '[ "$(k get endpoints nginx-service -o jsonpath="{range .subsets[*].addresses[*]}{.ip}{\"\n\"}{end}" | sort | xargs)" = "$PODIPS" ]'

# Exercise 3: from every multitool pod: DNS, then "get" to port 80 answered 400 by nginx, which closes
for ds in multitool-1 multitool-2; do
  for node in $NODES; do
    pod=$(k get pods -l app=$ds --field-selector spec.nodeName=$node -o jsonpath='{.items[0].metadata.name}')
    check "$pod resolves nginx-service to $VIP" 'k exec '$pod' -- getent hosts nginx-service | grep -q "^$VIP "'
    check "$pod gets 400 from nginx" 'k exec '$pod' -- bash -c "exec 3<>/dev/tcp/nginx-service/80; printf \"get\r\n\" >&3; timeout 5 cat <&3" | tr -d "\r" | grep -q "^HTTP/1.1 400 Bad Request" && k exec '$pod' -- bash -c "exec 3<>/dev/tcp/nginx-service/80; printf \"get\r\n\" >&3; timeout 5 cat <&3" | tr -d "\r" | grep -qi "^Server: nginx"'
  done
done

# Exercise 4: kube-proxy's rules on every node
hash() { printf '%s' "$1" | sha256sum | cut -c1-64 | xxd -r -p | base32 | cut -c1-16; }
SVC=KUBE-SVC-$(hash "default/nginx-service:httptcp")
for node in $NODES; do
  check "$node: KUBE-SERVICES jumps to $SVC for $VIP/32" 'docker exec '$node' iptables-save -t nat | grep -- "-A KUBE-SERVICES" | grep -- "-d $VIP/32" | grep -- "--dport 80" | grep -q -- "-j $SVC"'
  check "$node: $SVC masquerades outsiders first" 'docker exec '$node' iptables-save -t nat | grep -- "-A $SVC " | head -1 | grep -- "! -s 192.168.0.0/16" | grep -q KUBE-MARK-MASQ'
  check "$node: 2 endpoint rules, the first with probability 0.5" 'docker exec '$node' iptables-save -t nat | grep -- "-A $SVC " | grep -c KUBE-SEP | grep -qx 2 && docker exec '$node' iptables-save -t nat | grep -- "-A $SVC " | grep KUBE-SEP | head -1 | grep -q "probability 0.50000000000"'
  for ip in $PODIPS; do
    SEP=KUBE-SEP-$(hash "default/nginx-service:httptcp$ip:80")
    check "$node: $SEP for $ip named by hash, in $SVC" 'docker exec '$node' iptables-save -t nat | grep -- "-A $SVC " | grep -q -- "-j $SEP"'
    check "$node: $SEP marks hairpin and DNATs to $ip:80" 'docker exec '$node' iptables-save -t nat | grep -- "-A $SEP " | grep -q -- "-s $ip/32 .*KUBE-MARK-MASQ" && docker exec '$node' iptables-save -t nat | grep -- "-A $SEP " | grep -q -- "--to-destination $ip:80"'
  done
  check "$node: DNAT targets are the endpoints" '[ "$(docker exec '$node' iptables-save -t nat > /tmp/nat.$$; for sep in $(grep -- "-A $SVC " /tmp/nat.$$ | grep -o "KUBE-SEP-[A-Z0-9]*"); do grep -- "-A $sep " /tmp/nat.$$ | grep -o -- "--to-destination [0-9.]*" | cut -d" " -f2; done | sort | xargs)" = "$PODIPS" ]'
  check "$node: no recent rules" '! docker exec '$node' iptables-save -t nat | grep -E -- "-A ($SVC|KUBE-SEP)" | grep -q -- "-m recent"'
  check "$node: no IPv6 rules for nginx-service" '! docker exec '$node' ip6tables-save -t nat | grep -q nginx-service'
done
check "sessionAffinity None" 'k get svc nginx-service -o jsonpath="{.spec.sessionAffinity}" | grep -qx None'
check "one IPv4 cluster IP" '[ "$(k get svc nginx-service -o jsonpath="{.spec.clusterIPs[*]}")" = "$VIP" ]'

# Exercise 4.5: 640 new connections from multitool-1 on each worker, split within binomial bounds (1e-6 per run:
# 2.5e-7 per endpoint and burst, [255, 385]; the gate's feature and check say why)
for node in $CLUSTER-worker $CLUSTER-worker2; do
  pod=$(k get pods -l app=multitool-1 --field-selector spec.nodeName=$node -o jsonpath='{.items[0].metadata.name}')
  before=$(docker exec $node iptables-save -c -t nat | grep -- "-A $SVC " | grep KUBE-SEP | sed 's/^\[\([0-9]*\):.*-j \(KUBE-SEP-[A-Z0-9]*\).*/\2 \1/')
  k exec $pod -- bash -c 'for i in $(seq 640); do exec 3<>/dev/tcp/'$VIP'/80; printf "get\r\n" >&3; timeout 5 cat <&3 >/dev/null; exec 3<&-; done' >/dev/null 2>&1
  after=$(docker exec $node iptables-save -c -t nat | grep -- "-A $SVC " | grep KUBE-SEP | sed 's/^\[\([0-9]*\):.*-j \(KUBE-SEP-[A-Z0-9]*\).*/\2 \1/')
  check "$node: 640 connections split within [255, 385]" '[ "$(join <(echo "$before" | sort) <(echo "$after" | sort) | awk "{ d=\$3-\$2; t+=d; if (d<255||d>385) bad=1 } END { print (t==640 && !bad) }")" = 1 ]'
done
rm -f /tmp/nat.$$
exit $failed
