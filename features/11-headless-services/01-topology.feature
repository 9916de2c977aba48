@lab:11-headless-services @exercise:1
Feature: Exercise 1 - the lab's cluster is up
  containerlab starts a Kind cluster of three nodes (one control-plane, two workers) with Calico as its network
  plugin, handing out pod addresses from 192.168.0.0/16 in /26 blocks. Everything else in the lab runs on it.

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

  @severity:normal
  Scenario: Calico hands out pod addresses from the lab's pool
    Then the Calico Installation "default" has the IP pool 192.168.0.0/16 with block size 26
