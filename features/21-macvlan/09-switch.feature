@lab:21-macvlan @exercise:9
Feature: Exercises 9 and 10 - the ToR sees the pod on VLAN 20: its MAC on the node's port, ARP, pings both ways
  The pod's net1 is on VLAN 20 itself: the ToR learns its MAC on the port of the node's eth2, resolves its address on
  Vlan20, and the pod and the ToR's SVI reach each other with no router between them.

  @severity:critical @exercise:9.3 @cmd:ping-10.10.20.100
  Scenario: The ToR pings the pod's net1 address, TTL 64
    When the ToR "ceos01" pings the net1 address of the pod "macvlan-test-pod" 3 times
    Then every echo request is answered with TTL 64, 64 less one per router between them

  @severity:critical @exercise:9.1 @exercise:9.2 @cmd:docker-exec-it-clab-macvlan-ceos01-Cli @cmd:show-mac-address-table-vlan-20
  Scenario: The ToR learned the pod's MAC on its node's VLAN 20 port
    When the ToR "ceos01" pings the net1 address of the pod "macvlan-test-pod" 1 times
    Then the ToR "ceos01" shows with "show mac address-table vlan 20" the net1 MAC of the pod "macvlan-test-pod" in VLAN 20 on the port linked to its node's "eth2"

  @severity:critical @exercise:9.4 @cmd:show-arp
  Scenario: The ToR's ARP table maps the pod's address to its MAC on Vlan20
    When the ToR "ceos01" pings the net1 address of the pod "macvlan-test-pod" 1 times
    Then the ToR "ceos01" shows with "show arp" the net1 address of the pod "macvlan-test-pod" at its MAC on "Vlan20"

  @severity:critical @exercise:10 @cmd:kubectl-exec-macvlan-test-pod-ping-c-3-10.10.20.1
  Scenario: The pod pings the VLAN 20 gateway, TTL 64
    When the pod "macvlan-test-pod" pings the gateway of "vlan20-macvlan" from net1 3 times
    Then every echo request is answered with TTL 64, 64 less one per router between them
