@lab:21-macvlan @exercise:11
Feature: Exercises 11 and 12 - a macvlan pod on every node: distinct addresses, pod to pod on VLAN 20
  The DaemonSet macvlan-test-ds tolerates the control-plane: one pod per node, each with its own net1 from
  vlan20-macvlan; whereabouts allocates cluster-wide, so no two pods share an address, and pods on different nodes
  reach each other directly on VLAN 20 through the ToR.

  @severity:critical @cmd:kubectl-apply-f-tools-macvlan-daemonset.yaml @cmd:kubectl-get-pods-l-app-macvlan-test-o-wide
  Scenario: One macvlan-test-ds pod runs on each node
    Then every pod of "macvlan-test-ds" is Running and Ready
    And the DaemonSet "macvlan-test-ds" has one pod on each of the 3 nodes

  @severity:critical @exercise:12 @cmd:kubectl-exec-macvlan-test-ds-xxxxx-ip-addr-show-net1
  Scenario: Every DaemonSet pod has a macvlan net1 with its own MAC
    Then every pod of "macvlan-test-ds" has eth0 on the pod network and a macvlan net1 from "vlan20-macvlan" with a MAC of its own

  @severity:critical @exercise:12
  Scenario: whereabouts gives every attached pod its own address, cluster-wide
    Then no two pods attached to "vlan20-macvlan" share a net1 address

  @severity:critical @exercise:12 @cmd:kubectl-exec-macvlan-test-ds-xxxxx-ping-c-3-10.10.20.101
  Scenario: A pod on the control-plane pings the pod on worker over net1, TTL 64
    When the pod of "macvlan-test-ds" on the control-plane node pings the net1 address of its pod on the worker 1 node 3 times
    Then every echo request is answered with TTL 64, 64 less one per router between them
