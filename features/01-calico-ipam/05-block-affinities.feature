@lab:01-calico-ipam @exercise:5
Feature: Exercise 5 - the list of block affinities
  Calico does not hand addresses to pods one by one from the whole pool: it gives each node a block and
  records the assignment as a BlockAffinity. A node asks for another block only when its block is full, so in
  this lab there is one affinity per node.

  @severity:critical @cmd:kubectl-get-blockaffinities
  Scenario: Every node holds exactly one block affinity
    Then every node has exactly one block affinity
