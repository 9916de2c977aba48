@lab:02-pod-network @exercise:1
Feature: Exercise 1 - the cluster is up
  containerlab starts a three-node Kind cluster for the lab: one control-plane and two workers. Kubernetes
  must list the same three nodes, each Ready once Calico runs on it.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The lab's three node containers are running
    When I inspect the lab topology
    Then 3 node containers are running: 1 control-plane and 2 workers

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The three Kubernetes nodes are Ready
    Then the cluster has 3 nodes and every one is Ready
