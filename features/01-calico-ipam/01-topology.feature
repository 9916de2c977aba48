@lab:01-calico-ipam @exercise:1
Feature: Exercise 1 - the containerlab topology is up
  containerlab runs the lab as one Kind cluster of three node containers: a control-plane and two workers.
  Every later exercise reads the cluster these containers make.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The lab's three node containers are running
    When I inspect the lab topology
    Then 3 node containers are running: 1 control-plane and 2 workers
