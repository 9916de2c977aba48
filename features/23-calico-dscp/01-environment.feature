@lab:23-calico-dscp @exercise:1
Feature: Exercise 1 - the environment: three sender pods on the worker behind a Linux router
  containerlab runs the Kind cluster k01 (a control-plane and a worker, each with an eth1 into the router), the
  Linux router that bridges the nodes and shapes by DSCP towards the client, and the client. The lab's three
  sender pods, one per DSCP class, all run on the worker.

  @severity:critical
  Scenario: The router, the client and the two Kind nodes run
    Then the containerlab topology runs these nodes:
      | kind          | node              |
      | ext-container | k01-control-plane |
      | ext-container | k01-worker        |
      | k8s-kind      | k01               |
      | linux         | client            |
      | linux         | router            |

  @severity:critical @cmd:kubectl-get-pods-o-wide
  Scenario: The three sender pods are Running on the worker
    Then every pod of "sender-no-dscp" is Running and Ready
    And every pod of "sender-dscp-af11" is Running and Ready
    And every pod of "sender-dscp-ef" is Running and Ready
    And the pods "sender-no-dscp, sender-dscp-af11, sender-dscp-ef" run on the worker 1 node

  @severity:normal
  Scenario: The pool routes pods without encapsulation
    Then the IP pool 192.168.0.0/16 encapsulates with None
