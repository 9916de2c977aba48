@lab:03-pod-routing @exercise:1
Feature: Exercise 1 - the cluster is up
  The lab's three Kind node containers run under containerlab, and Kubernetes lists the same three nodes,
  all Ready.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The lab's three node containers are running
    When I inspect the lab topology
    Then 3 node containers are running: 1 control-plane and 2 workers

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The three Kubernetes nodes are Ready
    Then the cluster has 3 nodes and every one is Ready
