@lab:09-multi-ippool @exercise:2
Feature: Exercise 2 - two pools for pods, one for LoadBalancer addresses
  The Installation configures two pools: the default pool 192.168.0.0/17 for every node (`all()`), and the
  secondary pool 192.168.128.0/17 for no node (`!all()`): Calico takes from it only for a workload that asks.
  The deploy script adds a pool whose addresses are only for LoadBalancer Services.

  Background:
    Given the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes

  @severity:critical
  Scenario: The Installation configures the default pool with /26 blocks
    Then the Calico Installation "default" has the IP pool 192.168.0.0/17 with block size 26

  @severity:critical @cmd:kubectl-get-ippools
  Scenario: Calico runs the default, the secondary and the LoadBalancer pools
    Then Calico has exactly the IP pools "default-ipv4-ippool, loadbalancer-ip-pool, secondary-ipv4-ippool"

  @severity:critical @cmd:kubectl-get-ippools
  Scenario Outline: The <pool> pool is <cidr> for the nodes <selector> selects
    Then the IP pool "<pool>" is <cidr> with /26 blocks and node selector "<selector>"

    Examples:
      | pool                  | cidr             | selector |
      | default-ipv4-ippool   | 192.168.0.0/17   | all()    |
      | secondary-ipv4-ippool | 192.168.128.0/17 | !all()   |
