@lab:11-headless-services
Feature: Exercise 4 - every redis pod has its own DNS name, made from its EndpointSlice hostname
  A StatefulSet pod sets its hostname (redis-0, redis-1, redis-2) under the headless Service; the EndpointSlice
  controller copies that hostname into the pod's endpoint, and the cluster DNS turns it into a name of its own,
  <pod>.<service>.<namespace>.svc.cluster.local. Deployment pods set no hostname, so they get no such name.

  @exercise:4 @severity:critical @cmd:kubectl-get-endpointslice-l-kubernetes.io-service-name-redis-headless
  Scenario: The redis-headless EndpointSlice lists the redis pods with their hostnames
    Then the EndpointSlices of "redis-headless" list exactly the ready "redis" pod IPs on port 6379
    And every endpoint of "redis-headless" points at its "redis" pod and that pod's node
    And every endpoint of "redis-headless" carries the hostname of its pod

  @exercise:4 @severity:normal @cmd:kubectl-get-endpointslice-l-kubernetes.io-service-name-nginx-headless
  Scenario: The nginx-headless EndpointSlice lists the nginx pods without hostnames
    Then the EndpointSlices of "nginx-headless" list exactly the ready "nginx-deployment" pod IPs on port 80
    And every endpoint of "nginx-headless" points at its "nginx-deployment" pod and that pod's node
    And no endpoint of "nginx-headless" carries a hostname

  @exercise:4.1 @severity:critical @cmd:dig-search-redis-0.redis-headless @cmd:dig-search-redis-1.redis-headless @cmd:dig-search-redis-2.redis-headless
  Scenario Outline: <pod>.redis-headless resolves to the address of <pod> alone
    Given the "multitool" pod on the worker 1 node
    When it runs "dig +search <pod>.redis-headless"
    Then dig asks for "<pod>.redis-headless.default.svc.cluster.local" and gets the IP of pod "<pod>" with TTL 30

    Examples:
      | pod     |
      | redis-0 |
      | redis-1 |
      | redis-2 |
