@lab:05-k8s-dns @exercise:4.1
Feature: Exercise 4.1 - DNS from a pod in the default namespace
  kubelet writes each pod's resolv.conf: the kube-dns Service as the nameserver, ndots:5, and a search list
  that starts with the pod's namespace (default.svc.cluster.local svc.cluster.local cluster.local) and ends
  with the node's own search domains. dig without +search asks for the bare name, which the cluster cannot
  answer; with +search the short name becomes nginx-service.default.svc.cluster.local and resolves to the
  Service's ClusterIP, with a 30-second TTL.

  @severity:critical @cmd:kubectl-exec @cmd:cat-etc-resolv.conf
  Scenario Outline: kubelet points the multitool-1 pod on the <role> node at the cluster DNS
    Given the "multitool-1" pod on the <role> node
    Then its resolv.conf names the Service "kube-system/kube-dns" as its nameserver, with ndots:5 and the search list of its namespace in "cluster.local" followed by the node's

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @severity:normal @cmd:dig-nginx-service
  Scenario: The bare name, asked without the search list, gets no address from the cluster DNS
    Given the "multitool-1" pod on the worker 1 node
    When it runs "dig nginx-service"
    Then dig gets no address for "nginx-service", and the report says whether it was SERVFAIL or NXDOMAIN

  @severity:minor @cmd:dig-nginx-service
  Scenario: The bare name fails the way the lab shows: SERVFAIL from the cluster's upstream
    Given the "multitool-1" pod on the worker 1 node
    When it runs "dig nginx-service"
    Then its answer status is SERVFAIL, as the lab shows

  @severity:critical @cmd:dig-search-nginx-service
  Scenario Outline: With the search list the short name resolves to the ClusterIP, TTL 30, from the <role> node
    Given the "multitool-1" pod on the <role> node
    When it runs "dig +search nginx-service"
    Then dig asks for "nginx-service.default.svc.cluster.local" and gets the ClusterIP of "nginx-service" with TTL 30

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |
