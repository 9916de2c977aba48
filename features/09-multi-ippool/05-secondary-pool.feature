@lab:09-multi-ippool @exercise:3
Feature: Exercise 3 - a workload that asks for the secondary pool gets its addresses from it
  The lab patches the multitool-2 DaemonSet with the annotation `cni.projectcalico.org/ipv4pools`, naming the
  secondary pool. The DaemonSet controller re-creates its pods, and Calico gives the new pods addresses from the
  pool the annotation names, claiming for each node a block of that pool. Each scenario applies the text's own patch
  and puts the DaemonSet back afterwards (its pods rolled back to the default pool).

  @severity:critical @mutating @cmd:kubectl-patch @cmd:kubectl-get-pods
  Scenario: After the lab's patch, multitool-2's pods are re-created with addresses from the pool its annotation names
    When the lab patches the DaemonSet "multitool-2" as its text shows
    Then the DaemonSet "multitool-2" rolls out within 60 seconds
    And the DaemonSet "multitool-2"'s pods are new, one on each node it ran on
    And every pod of the DaemonSet "multitool-2" has an address from the IP pool its ipv4pools annotation names

  @severity:critical @mutating @cmd:kubectl-patch @cmd:kubectl-get-blockaffinities
  Scenario: After the lab's patch, every node holds a block of the secondary pool
    When the lab patches the DaemonSet "multitool-2" as its text shows
    Then the DaemonSet "multitool-2" rolls out within 60 seconds
    Given the IPAM picture computed from the cluster's IP pools, block affinities, pods and nodes
    Then every node holds a block of the IP pool "secondary-ipv4-ippool"
