@lab:01-calico-ipam @exercise:7
Feature: Exercise 7 - which block belongs to which node
  Side by side, the affinities map blocks to nodes. A block has one owner, so two nodes never hand out the
  same addresses, and the pods a node runs take their addresses from that node's own block(s).

  @severity:critical @cmd:kubectl-get-blockaffinities-o-jsonpath
  Scenario: No two nodes share a block
    Then no block belongs to two nodes, and no two nodes' blocks overlap

  @severity:critical
  Scenario: The pods of each node have addresses from that node's blocks
    Then every pod on the pod network has an address from a block of its own node
