@lab:01-calico-ipam @exercise:4
Feature: Exercise 4 - the overall IPAM status
  `calicoctl ipam show` sums up Calico's address management per IP pool: its range, how many addresses it
  holds, how many are in use and how many are free. labgate computes the same picture from the cluster's own
  objects (the pool, the block affinities, every pod's address and the nodes' tunnel addresses) and attaches it.

  Background:
    Given the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes

  @severity:critical
  Scenario: Calico's pool is the one the lab's custom resources configure
    Then the Calico Installation "default" has the IP pool 192.168.0.0/16 with block size 26

  @severity:normal @cmd:calicoctl-ipam-show
  Scenario: The pool holds 65536 addresses and every address in use comes from it
    Then the IP pool 192.168.0.0/16 holds 65536 addresses, and every address in use lies inside it
    And the IPAM picture is attached to the report
