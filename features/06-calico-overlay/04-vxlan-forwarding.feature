@lab:06-calico-overlay @exercise:4
Feature: Exercise 4 - VXLAN forwarding: permanent neighbours and FDB entries
  Calico pins each remote VTEP address to that node's vxlan.calico MAC (a PERMANENT neighbour) and that MAC to
  the node's underlay address (a permanent FDB entry): the kernel encapsulates without ARP or learning.

  @severity:critical @cmd:docker-exec-it-k01-worker3 @cmd:ip-link-show @cmd:ip-neighbor-show @cmd:bridge-fdb-show
  Scenario: worker3 knows every other node's VTEP, MAC and underlay address
    Then the worker 3 node maps every other node's VTEP to its MAC and that MAC to its InternalIP, permanently

  @severity:normal
  Scenario: worker knows every other node's VTEP, MAC and underlay address
    Then the worker 1 node maps every other node's VTEP to its MAC and that MAC to its InternalIP, permanently
