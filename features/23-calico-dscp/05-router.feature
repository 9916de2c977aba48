@lab:23-calico-dscp @exercise:8
Feature: Exercise 8 - the Linux router: HTB classes by TOS on eth3, the pod network routed via the worker
  The router's eth3 (towards the client) has an HTB root whose u32 filters send tos 0x28 to a 1 Mbit/s class
  and tos 0xb8 to a 5 Mbit/s class, everything else to its default 1000 Mbit/s class; it routes the pod network
  192.168.0.0/16 back via the worker.

  @severity:critical @exercise:linux-router-qos-tc @cmd:tc-qdisc-add-dev-eth1-root-handle
  Scenario: The router shapes each TOS into its class
    Then "router" shapes eth3 with HTB:
      | tos  | rate    | ceil    |
      | 0x28 | 1mbit   | 1mbit   |
      | 0xb8 | 5mbit   | 5mbit   |
      | 0x00 | 1000mbit | 1000mbit |

  @severity:critical @exercise:network-routing
  Scenario: The router routes the pod network via the worker
    Then "router" routes the IP pool 192.168.0.0/16 via the InternalIP of the worker 1 node
