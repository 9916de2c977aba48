@lab:06-calico-overlay @exercise:2
Feature: Exercise 2 - the IP pool encapsulates with VXLAN across subnets only, one block per node
  The pool 192.168.0.0/16 hands every node a /26 block; its vxlanMode CrossSubnet makes Calico encapsulate only
  the traffic between nodes on different subnets.

  @severity:critical @cmd:kubectl-get-ippools
  Scenario: The pool is VXLAN CrossSubnet
    Then the IP pool 192.168.0.0/16 encapsulates with VXLANCrossSubnet
    And the Calico Installation "default" has the IP pool 192.168.0.0/16 with block size 26

  @severity:critical @cmd:kubectl-get-blockaffinities
  Scenario: Every node has its own /26 block
    Then every node has exactly one block affinity
    And every block affinity's block is a /26 on a block boundary inside the IP pool 192.168.0.0/16
