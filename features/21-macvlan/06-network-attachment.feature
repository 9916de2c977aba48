@lab:21-macvlan @exercise:6
Feature: Exercise 6 - the NetworkAttachmentDefinition: macvlan on eth2 in bridge mode, whereabouts addresses
  vlan20-macvlan tells Multus to add a macvlan interface whose parent is the node's eth2, in bridge mode, addressed
  by whereabouts from 10.10.20.100-200 with the switch's 10.10.20.1 excluded and named as the gateway.

  @severity:critical @cmd:kubectl-apply-f-calico-cni-config-macvlan-nad.yaml @cmd:cat-calico-cni-config-macvlan-nad.yaml
  Scenario: vlan20-macvlan is listed, a macvlan network on eth2 in bridge mode with whereabouts addresses
    Then the NetworkAttachmentDefinition "vlan20-macvlan" configures:
      | type    | master | mode   | ipam        | range                        | gateway    |
      | macvlan | eth2   | bridge | whereabouts | 10.10.20.100-10.10.20.200/24 | 10.10.20.1 |
