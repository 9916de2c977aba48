@lab:16-static-ip @exercise:1
Feature: Exercise 1 - the lab setup: two Ready nodes and Calico's default pool
  The lab is a Kind cluster of one control-plane node and one worker, with Calico's default IPv4 pool
  192.168.0.0/16 made by the operator from the lab's custom resources.

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The two Kubernetes nodes are Ready
    Then the cluster has 2 nodes and every one is Ready

  @severity:critical @cmd:kubectl-get-ippools
  Scenario: Calico's default pool is 192.168.0.0/16
    Then the IP pool "default-ipv4-ippool" has the CIDR 192.168.0.0/16
