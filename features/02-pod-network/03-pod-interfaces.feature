@lab:02-pod-network @exercise:3
Feature: Exercise 3 - the pod's own view of its network
  In its network namespace the pod has eth0, one end of a veth pair whose other end is on the node. eth0
  carries the pod's address as a /32 out of its node's block and an MTU that leaves room for VXLAN, and
  every packet leaves through the virtual gateway 169.254.1.1. Its resolv.conf, written by kubelet, sends
  every lookup to the cluster DNS Service.

  Background:
    Given the pod "multitool"

  @severity:critical @cmd:kubectl-exec @cmd:ip-addr
  Scenario: eth0 carries the pod IP as a /32 from its node's block
    When I read its interfaces inside the pod
    Then eth0 holds the pod's IP as a /32 inside a block of the pod's node

  @severity:critical @cmd:kubectl-exec @cmd:ip-addr @cmd:ip-link
  Scenario: eth0 has MTU 1450, leaving room for VXLAN
    When I read its interfaces inside the pod
    Then eth0's MTU is 1450, the node's uplink MTU less the overhead of the pool's encapsulation

  @severity:normal @cmd:kubectl-exec @cmd:ip-addr @cmd:ip-link
  Scenario: eth0 is a veth whose peer lives in the node's namespace
    When I read its interfaces inside the pod
    Then eth0 is paired with an interface in another network namespace

  @severity:critical @cmd:kubectl-exec @cmd:ip-route
  Scenario: Everything leaves the pod via 169.254.1.1 on eth0
    When I read its routes inside the pod
    Then its default route is via 169.254.1.1 on eth0, with that gateway on the link

  @severity:normal @cmd:kubectl-exec @cmd:cat-etc-resolv.conf
  Scenario: kubelet points the pod at the cluster DNS, with its namespace's search list and ndots:5
    Then its resolv.conf names the Service "kube-system/kube-dns" as its nameserver, with ndots:5 and the search list of its namespace in "cluster.local" followed by the node's
