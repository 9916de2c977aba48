@lab:03-pod-routing @exercise:3
Feature: Exercise 3 - pod to pod on the same node
  Two pods on one node are still two namespaces behind /32 addresses: a packet goes up the sender's veth, is
  routed once by the node and goes down the receiver's veth. The echo reply comes back with TTL 63, 64 less
  the one node that routed it, and the receiver sees the sender's own address.

  Background:
    Given the "multitool-1" pod on the worker 1 node
    And the destination is the "multitool-2" pod on the same node

  @exercise:3.1 @exercise:3.2 @exercise:3.3 @severity:normal @cmd:kubectl-exec-it-multitool-1 @cmd:ip-addr @cmd:ip-route
  Scenario: The source pod has a /32 from its node's block and leaves via 169.254.1.1
    When I read its interfaces inside the pod
    Then eth0 holds the pod's IP as a /32 inside a block of the pod's node
    When I read its routes inside the pod
    Then its default route is via 169.254.1.1 on eth0, with that gateway on the link

  @severity:critical @cmd:kubectl-exec-it-multitool-1 @cmd:ping
  Scenario: A ping to the pod on the same node comes back with TTL 63
    When the source pod pings the destination pod 5 times
    Then every echo request is answered
    And every reply carries TTL 63, 64 less one per node that routed it

  @severity:critical @cmd:docker-exec @cmd:grep-192.168.93.202
  Scenario: The node routes the destination pod's /32 straight to its cali interface
    When I read the network of the destination pod and of its node
    Then the pod's node has a /32 route for the pod's IP on the cali interface paired with its eth0

  @severity:critical @cmd:kubectl-exec @cmd:tcpdump
  Scenario: The destination pod sees the source pod's own address on the same node
    When the destination pod captures at most 6 ICMP packets for up to 10 seconds while the source pod pings it
    Then the capture shows echo requests from the source pod's own address and replies back to it
