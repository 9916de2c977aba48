@lab:09-multi-ippool @exercise:2
Feature: Exercise 2 - every pod takes its address from the default pool
  Before any workload asks for the secondary pool, every pod of the lab has an address from the default pool
  192.168.0.0/17, from a block of its own node.

  Background:
    Given the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes

  @severity:critical @cmd:kubectl-get-pods-n-default
  Scenario: The pods of the default namespace have addresses from the default pool
    Then every pod of the namespace "default" has an address from the IP pool "default-ipv4-ippool"
    And every pod on the pod network has an address from a block of its own node
