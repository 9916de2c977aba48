@lab:11-headless-services
Feature: Exercise 3 - a ClusterIP Service resolves to its VIP, a headless Service to its pods
  From a multitool pod, `dig +search` completes a Service name in the pod's namespace. For nginx-clusterip the
  answer is one address, the Service's VIP, behind which kube-proxy balances. For a headless Service the answer
  is every ready pod address directly, and never a VIP: the client picks.

  @exercise:3.1 @severity:critical @cmd:kubectl-exec @cmd:dig-search-nginx-clusterip
  Scenario: nginx-clusterip resolves to its VIP only
    Given the "multitool" pod on the worker 1 node
    When it runs "dig +search nginx-clusterip"
    Then dig asks for "nginx-clusterip.default.svc.cluster.local" and gets the ClusterIP of "nginx-clusterip" with TTL 30

  @exercise:3.2 @severity:critical @cmd:kubectl-exec @cmd:dig-search-nginx-headless
  Scenario: nginx-headless resolves to the addresses of the nginx pods
    Given the "multitool" pod on the worker 1 node
    When it runs "dig +search nginx-headless"
    Then dig asks for "nginx-headless.default.svc.cluster.local" and gets exactly the ready pod IPs of "nginx-headless" with TTL 30

  @exercise:3.3 @severity:critical @cmd:kubectl-exec @cmd:dig-search-redis-headless
  Scenario: redis-headless resolves to the addresses of the redis pods
    Given the "multitool" pod on the worker 1 node
    When it runs "dig +search redis-headless"
    Then dig asks for "redis-headless.default.svc.cluster.local" and gets exactly the ready pod IPs of "redis-headless" with TTL 30
