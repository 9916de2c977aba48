@lab:06-calico-overlay @exercise:1
Feature: Exercise 1 - the containerlab topology: four Kind nodes on two subnets behind an Arista ToR
  containerlab runs the Kind cluster k01 (one control-plane, three workers), wraps each node as an ext-container
  to give it an eth1 into the ToR ceos01, and runs the ToR: VLAN 10 (10.10.10.0/24) on Et1-3 for the
  control-plane, worker and worker2, VLAN 20 (10.10.20.0/24) on Et4 for worker3, the SVIs routing between them.

  @severity:critical @cmd:containerlab-inspect
  Scenario: The ToR and the four Kind nodes run
    Then the containerlab topology runs these nodes:
      | kind          | node              |
      | arista_ceos   | ceos01            |
      | ext-container | k01-control-plane |
      | ext-container | k01-worker        |
      | ext-container | k01-worker2       |
      | ext-container | k01-worker3       |
      | k8s-kind      | k01               |

  @severity:critical @cmd:docker-exec-it-clab-calico-overlay-ceos01 @cmd:show-interface-status
  Scenario: The ToR's ports to the nodes are connected, three in VLAN 10 and worker3's in VLAN 20
    Then the ToR "ceos01" shows its access ports with "show interface status":
      | port      | vlan | status    |
      | Ethernet1 | 10   | connected |
      | Ethernet2 | 10   | connected |
      | Ethernet3 | 10   | connected |
      | Ethernet4 | 20   | connected |

  @severity:critical @cmd:show-ip-interface-brief
  Scenario: The SVIs are the gateways of the two subnets, up with MTU 1500
    Then the ToR "ceos01" shows its layer-3 interfaces with "show ip interface brief":
      | interface | address       | mtu  |
      | Vlan10    | 10.10.10.1/24 | 1500 |
      | Vlan20    | 10.10.20.1/24 | 1500 |

  @severity:normal @cmd:show-ip-route
  Scenario: The ToR routes only its connected subnets and has no default route
    Then the ToR "ceos01" routes only the subnets of its own interfaces, directly connected, with no gateway of last resort
