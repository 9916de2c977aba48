@lab:05-k8s-dns
Feature: Exercise 3 - the cluster DNS: kube-dns, the CoreDNS pods and their Corefile
  Pods send their queries to kube-dns, a ClusterIP Service in kube-system at the tenth address of the
  Service CIDR, on 53/UDP and 53/TCP, with CoreDNS metrics on 9153/TCP. Its endpoints are the ready CoreDNS
  pods. The Corefile in the coredns ConfigMap makes CoreDNS answer for cluster.local with a 30-second TTL
  and hand every other name to the resolver of the node it runs on.

  @exercise:3.1 @severity:critical @cmd:kubectl-get-services
  Scenario: kube-dns is a ClusterIP Service at the tenth address of the Service CIDR
    Then "kube-system/kube-dns" is a ClusterIP Service at the tenth address of 10.96.0.0/16
    And it exposes exactly these ports and has no external IP:
      | name    | port | protocol |
      | dns     | 53   | UDP      |
      | dns-tcp | 53   | TCP      |
      | metrics | 9153 | TCP      |

  @exercise:3.1 @severity:critical @cmd:kubectl-describe-endpoints
  Scenario: The endpoints of kube-dns are exactly the ready CoreDNS pods, on all three ports
    Then the EndpointSlices of "kube-system/kube-dns" list exactly the ready "kube-system/coredns" pod IPs on ports 53/UDP, 53/TCP and 9153/TCP
    And the Endpoints object of "kube-system/kube-dns" lists the same addresses and port as its EndpointSlices
    And the Endpoints object of "kube-system/kube-dns" has no not-ready address

  @exercise:3.2 @severity:critical @cmd:kubectl-get-pods
  Scenario: Two CoreDNS pods, labelled k8s-app=kube-dns, are Running and Ready
    Then every pod of "kube-system/coredns" is Running and Ready
    And "kube-system/coredns" has 2 pods, each labelled "k8s-app=kube-dns"

  @exercise:3.2 @severity:critical @cmd:kubectl-get-configmap
  Scenario: The Corefile serves cluster.local with TTL 30 and forwards the rest to the node's resolver
    Given the Corefile in the ConfigMap "kube-system/coredns"
    Then it serves "cluster.local" from the kubernetes plugin with ttl 30
    And it forwards every other name to the node's resolver
