@lab:21-macvlan @exercise:7
Feature: Exercises 7 and 8 - a pod with a macvlan interface: eth0 from Calico, net1 from vlan20-macvlan
  The annotation k8s.v1.cni.cncf.io/networks: vlan20-macvlan makes Multus add net1, a macvlan on the node's eth2
  with its own MAC, addressed by whereabouts; the first pod attached gets the first address of the range.

  @severity:critical @cmd:kubectl-apply-f-tools-macvlan-pod.yaml @cmd:cat-tools-macvlan-pod.yaml
  Scenario: macvlan-test-pod is Running
    Then every pod of "macvlan-test-pod" is Running and Ready

  @severity:critical @exercise:8 @cmd:kubectl-exec-macvlan-test-pod-ip-addr-show
  Scenario: The pod has Calico's eth0 and a macvlan net1 with its own MAC
    Then the pod "macvlan-test-pod" has eth0 on the pod network and a macvlan net1 from "vlan20-macvlan" with a MAC of its own

  @severity:normal @exercise:8
  Scenario: The first pod attached holds the first address of the range
    Then the pod "macvlan-test-pod" holds the first address of the range of "vlan20-macvlan" on net1
