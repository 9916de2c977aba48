@lab:23-calico-dscp @exercise:7
Feature: Exercise 7 - the DSCP marks on the wire: tos 0x00, 0x28 and 0xb8 per pod
  A bounded tcpdump -v on the router's eth3, the worker's eth1 and the client's eth1 while one pod pings the
  client shows the TOS byte Calico set on that pod's traffic: 0x00 unmarked, 0x28 for AF11, 0xb8 for EF. Calico
  marks only traffic leaving the cluster: towards a node of the cluster the same pod's packets stay unmarked.

  @severity:critical @exercise:7.2 @cmd:docker-exec-it-clab-calico-dscp-router-tcpdump
  Scenario: On the router's eth3, sender-dscp-af11's echo requests carry tos 0x28
    Then "router" sees tos 0x28 on eth3 in the echo requests from the pod "sender-dscp-af11" to "client"

  @severity:critical @exercise:7.6 @cmd:docker-exec-it-clab-calico-dscp-router-tcpdump
  Scenario: On the router's eth3, each pod's echo requests carry its own class
    Then "router" sees tos 0x00 on eth3 in the echo requests from the pod "sender-no-dscp" to "client"
    And "router" sees tos 0x28 on eth3 in the echo requests from the pod "sender-dscp-af11" to "client"
    And "router" sees tos 0xb8 on eth3 in the echo requests from the pod "sender-dscp-ef" to "client"

  @severity:normal @exercise:7.3 @cmd:docker-exec-it-clab-calico-dscp-k01-worker-tcpdump
  Scenario: On the worker's eth1, the mark is already set as the packet leaves the node
    Then the worker 1 node sees tos 0x28 on eth1 in the echo requests from the pod "sender-dscp-af11" to "client"

  @severity:normal @exercise:7.4 @cmd:docker-exec-it-clab-calico-dscp-client-tcpdump
  Scenario: On the client's eth1, the mark arrives unchanged
    Then "client" sees tos 0xb8 on eth1 in the echo requests from the pod "sender-dscp-ef" to "client"

  @severity:normal @exercise:7.5 @cmd:docker-exec-it-clab-calico-dscp-router-tcpdump
  Scenario: Inside the cluster the same pod's traffic stays unmarked
    Then the worker 1 node sees tos 0x00 on eth1 in the echo requests from the pod "sender-dscp-af11" to the InternalIP of the control-plane node
