@lab:09-multi-ippool @exercise:2
Feature: Exercise 2 - block affinities come from the default pool only
  No workload has asked for the secondary pool yet, so every node holds one /26 block of the default pool and
  none of the secondary one. The LoadBalancer pool's block is held by Calico's load-balancer host, not a node,
  and the LoadBalancer Service's address comes from it.

  Background:
    Given the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes

  @severity:critical @cmd:kubectl-get-blockaffinities
  Scenario: Every node holds one block of the default pool and none of the secondary pool
    Then every node holds 1 block of the IP pool "default-ipv4-ippool" and none of another pool
    And every block affinity is confirmed and not marked deleted

  @severity:normal @cmd:kubectl-get-blockaffinities
  Scenario: The LoadBalancer pool's block belongs to Calico's load-balancer host
    Then the LoadBalancer pool's block is held by Calico's load-balancer host
    And the LoadBalancer Service "lb-nginx-service" has an address from the load-balancer host's block
