@lab:06-calico-overlay @exercise:3
Feature: Exercise 3 - pod routes: on-link inside a subnet, through vxlan.calico across subnets
  A node reaches the blocks of the nodes in its own subnet directly, via their eth1 address (proto 80, onlink),
  and the blocks of nodes in the other subnet through vxlan.calico, via their VTEP: the first address of their
  block, held as a /32 by their own vxlan.calico. Its own block is a blackhole behind its pods' /32 routes.
  On the wire (a capture on the ToR's port to the destination's node), the pods' packets travel inside VXLAN
  between nodes of different subnets and as they are between nodes of one subnet: CrossSubnet's promise.

  @severity:critical @cmd:docker-exec-it-k01-worker @cmd:ip-route @cmd:docker-exec-it-k01-worker2
  Scenario: Blocks of nodes in the same subnet are routed on eth1 via the node, proto 80
    Then every node routes the block of each node in its own subnet via that node's InternalIP, proto 80, on-link

  @severity:critical @cmd:ip-route
  Scenario: Each node blackholes its own block
    Then every node blackholes its own block with proto 80

  @severity:critical @cmd:docker-exec-it-k01-worker1 @cmd:docker-exec-it-k01-worker3 @cmd:ip-route
  Scenario: Blocks of nodes in the other subnet are routed through vxlan.calico via their VTEP
    Then every node routes the block of each node in another subnet via that node's VTEP on vxlan.calico, on-link

  @severity:critical @cmd:ip-addr
  Scenario: Every node's VTEP is vxlan.calico with MTU 1450 and the first address of its block
    Then every node's vxlan.calico has MTU 1450, VNI 4096, port 4789, no learning and the first address of its block as a /32

  @severity:critical
  Scenario: A ping from a pod on worker to a pod on worker3, across the subnets, comes back with TTL 62
    Given the "multitool" pod on the worker 1 node
    And the destination is the "multitool" pod on the worker 3 node
    When the source pod pings the destination pod 5 times
    Then every echo request is answered
    And every reply carries TTL 62, 64 less one per node that routed it

  @severity:normal
  Scenario: A ping from a pod on worker to a pod on worker2, inside the subnet, comes back with TTL 62
    Given the "multitool" pod on the worker 1 node
    And the destination is the "multitool" pod on the worker 2 node
    When the source pod pings the destination pod 5 times
    Then every echo request is answered
    And every reply carries TTL 62, 64 less one per node that routed it

  @severity:critical
  Scenario: Across the subnets, a pod's packets cross the ToR inside VXLAN, from node to node
    Given the "multitool" pod on the worker 1 node
    And the destination is the "multitool" pod on the worker 3 node
    When the source pod pings the destination pod 3 times while the ToR "ceos01" captures its link to that pod's node
    Then the echo requests cross that link inside VXLAN on UDP port 4789, from the source pod's node to the other's

  @severity:normal
  Scenario: Inside the subnet, a pod's packets cross the ToR as sent, without encapsulation
    Given the "multitool" pod on the worker 1 node
    And the destination is the "multitool" pod on the worker 2 node
    When the source pod pings the destination pod 3 times while the ToR "ceos01" captures its link to that pod's node
    Then the echo requests cross that link as sent, between the pods' addresses
