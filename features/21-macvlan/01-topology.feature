@lab:21-macvlan @exercise:1
Feature: Exercises 1 to 3 - the topology: three Kind nodes, each with eth1 in VLAN 10 and eth2 in VLAN 20 of the ToR
  containerlab runs the Kind cluster k01 (one control-plane, two workers), wraps each node as an ext-container to
  give it eth1 into VLAN 10 of the ToR ceos01 (Et1-3, Calico's network) and eth2 into VLAN 20 (Et4-6, the macvlan
  network), and runs the ToR with an SVI in each VLAN. eth2 has no address: it is only the macvlan parent.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The ToR and the three Kind nodes run
    Then the containerlab topology runs these nodes:
      | kind          | node              |
      | arista_ceos   | ceos01            |
      | ext-container | k01-control-plane |
      | ext-container | k01-worker        |
      | ext-container | k01-worker2       |
      | k8s-kind      | k01               |

  @severity:critical @exercise:2 @cmd:kubectl-get-nodes
  Scenario: The cluster's three nodes are Ready
    Then the cluster has 3 nodes and every one is Ready

  @severity:critical @exercise:3 @cmd:docker-exec-it-k01-control-plane-ip-link-show-eth2
  Scenario: eth2 is up on every node, ready to be the macvlan parent
    Then every node's interface "eth2" is UP

  @severity:normal
  Scenario: The ToR's ports to the nodes are connected, eth1s in VLAN 10 and eth2s in VLAN 20
    Then the ToR "ceos01" shows its access ports with "show interface status":
      | port      | vlan | status    |
      | Ethernet1 | 10   | connected |
      | Ethernet2 | 10   | connected |
      | Ethernet3 | 10   | connected |
      | Ethernet4 | 20   | connected |
      | Ethernet5 | 20   | connected |
      | Ethernet6 | 20   | connected |

  @severity:normal
  Scenario: The SVIs are the gateways of VLAN 10 and VLAN 20
    Then the ToR "ceos01" shows its layer-3 interfaces with "show ip interface brief":
      | interface | address       | mtu  |
      | Vlan10    | 10.10.10.1/24 | 1500 |
      | Vlan20    | 10.10.20.1/24 | 1500 |
