@lab:05-k8s-dns @exercise:1
Feature: Exercise 1 - the lab topology is up
  containerlab starts a Kind cluster named k8s-dns: one control-plane node and two workers, with Calico
  giving pods addresses from 192.168.0.0/16. Everything after this needs the cluster up and healthy.

  @severity:critical @cmd:containerlab-inspect
  Scenario: Three node containers are running
    When I inspect the lab topology
    Then 3 node containers are running: 1 control-plane and 2 workers

  @severity:critical
  Scenario: Every Kubernetes node is Ready
    Then the cluster has 3 nodes and every one is Ready

  @severity:critical
  Scenario Outline: Calico reports its <component> component as Available
    Then the Calico tigerastatus "<component>" is Available

    Examples:
      | component |
      | apiserver |
      | calico    |
