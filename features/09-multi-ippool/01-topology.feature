@lab:09-multi-ippool @exercise:1
Feature: Exercise 1 - the lab topology and its nodes
  The lab runs lab 08's topology: a Kind cluster of three nodes (and a ToR this lab's text never uses). Every
  later exercise reads the cluster these nodes make.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The lab's three node containers are running
    When I inspect the lab topology
    Then 3 node containers are running: 1 control-plane and 2 workers

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The three Kubernetes nodes are Ready
    Then the cluster has 3 nodes and every one is Ready
