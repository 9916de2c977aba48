@lab:03-pod-routing @exercise:4
Feature: Exercise 4 - pod to pod across nodes
  Across nodes a packet is routed twice: the source node sends the destination's address via the
  destination node, and that node hands it to the pod's cali interface. The reply comes back with TTL 62, and
  the destination still sees the source pod's own address: there is no NAT between pods.

  Background:
    Given the "multitool-1" pod on the worker 1 node
    And the destination is the "multitool-1" pod on the worker 2 node

  @severity:critical @cmd:ping @cmd:cat-ping.log
  Scenario: A ping to the pod on the other node comes back with TTL 62
    When the source pod pings the destination pod 5 times
    Then every echo request is answered
    And every reply carries TTL 62, 64 less one per node that routed it

  @severity:critical @cmd:docker-exec-it-pod-routing-worker @cmd:ip-route-get
  Scenario: The source node routes the destination pod via the destination's node
    When I ask the source pod's node for its route to the destination pod
    Then the route goes via the internal address of the destination pod's node

  @severity:critical @cmd:docker-exec-it-pod-routing-worker2 @cmd:grep-192.168.112.197
  Scenario: The destination node routes the pod's /32 to its cali interface
    When I read the network of the destination pod and of its node
    Then the pod's node has a /32 route for the pod's IP on the cali interface paired with its eth0

  @severity:critical @cmd:kubectl-exec @cmd:tcpdump
  Scenario: The destination pod sees the source pod's own address, not its node's
    When the destination pod captures at most 6 ICMP packets for up to 10 seconds while the source pod pings it
    Then the capture shows echo requests from the source pod's own address and replies back to it
