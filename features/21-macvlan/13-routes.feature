@lab:21-macvlan @exercise:13
Feature: Exercise 13 - primary and secondary interfaces: Calico's default route, VLAN 20 on net1
  Calico (the primary CNI) sets the default route via 169.254.1.1 on eth0; the macvlan plugin adds only net1's
  connected route to 10.10.20.0/24, more specific, so VLAN 20 traffic leaves by net1.

  @severity:critical @cmd:kubectl-exec-macvlan-test-pod-ip-route-show
  Scenario: The pod routes by default on eth0 and VLAN 20 on net1
    Then the pod "macvlan-test-pod" routes by default on eth0 and the subnet of "vlan20-macvlan" on net1
