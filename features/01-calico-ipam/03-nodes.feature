@lab:01-calico-ipam @exercise:3
Feature: Exercise 3 - the nodes are Ready
  Kubernetes lists the cluster's three nodes. Kind starts them without a network plugin, so a node turns
  Ready only once Calico runs on it: three Ready nodes say Calico came up everywhere.

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The three Kubernetes nodes are Ready
    Then the cluster has 3 nodes and every one is Ready
