@lab:03-pod-routing @exercise:2
Feature: Exercise 2 - the multitool DaemonSets run on every node
  multitool-1 and multitool-2 tolerate the control-plane taint, so each puts one pod on every node: two test
  pods per node, each addressed from its own node's block.

  @severity:critical @cmd:kubectl-get-pods
  Scenario Outline: <daemonset> has one Ready pod on each of the 3 nodes
    Then the DaemonSet "<daemonset>" has one pod on each of the 3 nodes
    And every pod of "<daemonset>" is Running and Ready

    Examples:
      | daemonset   |
      | multitool-1 |
      | multitool-2 |

  @severity:normal @cmd:kubectl-get-pods
  Scenario: The pods of a node share that node's /26 block
    Then every pod on the pod network has an address from a block of its own node
    And pods on the same node share one block of size 26, and no block spans two nodes
