@lab:13-wireguard @exercise:7
Feature: Exercise 7 - policy routing sends what is not yet encrypted into wireguard.cali
  With WireGuard, every node has the rule `99: not from all fwmark 0x200000/0x200000 lookup 1`, and table 1
  routes the other nodes' pod blocks into wireguard.cali; packets WireGuard has encrypted carry the mark and
  leave by the main table.

  @severity:critical @mutating @cmd:docker-exec
  Scenario: Rule 99 and table 1 route the other nodes' blocks into wireguard.cali
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    And WireGuard "wireguard.cali" is up on every node within 30 seconds
    Then ip rule on every node shows 99: "not from all fwmark 0x200000/0x200000 lookup 1"
    And table 1 on every node routes the other nodes' blocks into "wireguard.cali"
