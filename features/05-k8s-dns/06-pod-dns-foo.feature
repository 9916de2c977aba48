@lab:05-k8s-dns @exercise:4.2
Feature: Exercise 4.2 - DNS from a pod in namespace foo
  A pod in foo gets the same nameserver and ndots, but its search list starts with foo.svc.cluster.local.
  The short name nginx-service therefore never reaches the Service in default: every expansion misses and
  the cluster DNS has no address to give. Adding the namespace (nginx-service.default) is enough for the
  search list to complete it to the Service's full name.

  @severity:critical @cmd:kubectl-exec @cmd:cat-etc-resolv.conf
  Scenario: kubelet gives the multitool-3 pod the search list of namespace foo
    Given the "foo/multitool-3" pod on the worker 1 node
    Then its resolv.conf names the Service "kube-system/kube-dns" as its nameserver, with ndots:5 and the search list of its namespace in "cluster.local" followed by the node's

  @severity:critical @cmd:dig-search-nginx-service
  Scenario: From foo the short name does not reach nginx-service in default
    Given the "foo/multitool-3" pod on the worker 1 node
    When it runs "dig +search nginx-service"
    Then dig gets no address for "nginx-service", and the report says whether it was SERVFAIL or NXDOMAIN

  @severity:critical @cmd:dig-search-nginx-service.default
  Scenario: From foo the name with its namespace resolves to the ClusterIP, TTL 30
    Given the "foo/multitool-3" pod on the worker 1 node
    When it runs "dig +search nginx-service.default"
    Then dig asks for "nginx-service.default.svc.cluster.local" and gets the ClusterIP of "nginx-service" with TTL 30
