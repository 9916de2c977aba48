@lab:02-pod-network @exercise:4
Feature: Exercise 4 - the pod seen from its node
  On the node that runs the pod, one host route sends the pod's address to the cali interface at the other
  end of the pod's eth0. That interface has no IPv4 address of its own, carries Calico's fixed MAC
  ee:ee:ee:ee:ee:ee and the same MTU as eth0.

  Background:
    Given the pod "multitool"
    And the network as seen from the pod and from its node

  @severity:critical @cmd:docker-exec @cmd:ip-route
  Scenario: The node has a /32 route to the pod on the cali end of its veth
    Then the pod's node has a /32 route for the pod's IP on the cali interface paired with its eth0

  @severity:normal @cmd:docker-exec @cmd:ip-addr
  Scenario: The cali interface has MAC ee:ee:ee:ee:ee:ee, the pod's MTU and no IPv4 address
    Then that cali interface has the MAC ee:ee:ee:ee:ee:ee
    And that cali interface has the same MTU as the pod's eth0
    And that cali interface has no IPv4 address
