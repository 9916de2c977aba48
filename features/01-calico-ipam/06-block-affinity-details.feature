@lab:01-calico-ipam @exercise:6
Feature: Exercise 6 - what a block affinity records
  An affinity names a block (spec.cidr), the node that owns it (spec.node), the state of the assignment and
  whether it is marked for deletion. Each block is a /26 carved out of the pool, and a settled assignment is
  confirmed, not pending, and not deleted.

  @severity:critical @cmd:kubectl-get-blockaffinities-o-yaml
  Scenario: Every block is a /26 of the pool 192.168.0.0/16
    Then every block affinity's block is a /26 on a block boundary inside the IP pool 192.168.0.0/16

  @severity:normal @cmd:kubectl-get-blockaffinities-o-yaml
  Scenario: Every block affinity is confirmed and none is marked deleted
    Then every block affinity is confirmed and not marked deleted
