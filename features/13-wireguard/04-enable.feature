@lab:13-wireguard @exercise:4
Feature: Exercise 4 - one patch of the FelixConfiguration turns WireGuard on
  The lab patches `wireguardEnabled: true` into the FelixConfiguration `default`. Calico then makes a
  `wireguard.cali` interface on every node (MTU 1440, a /32 from the node's block) with its own key, listening on
  UDP 51820 with fwmark 0x200000, and one peer per other node: its endpoint that node's address, its allowed IPs
  that node's blocks.

  @severity:critical @mutating @exercise:4.1 @exercise:4.2 @cmd:kubectl-patch @cmd:kubectl-get-felixconfiguration
  Scenario: The lab's patch enables WireGuard and the setting reads back
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    Then the FelixConfiguration "default" shows "wireguardEnabled: true"

  @severity:critical @mutating @exercise:4.3 @exercise:4.5 @cmd:docker-exec
  Scenario: Every node has wireguard.cali with MTU 1440 and a /32 from its block
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    And WireGuard "wireguard.cali" is up on every node within 30 seconds
    Then every node has the WireGuard interface "wireguard.cali" with MTU 1440 and a /32 from its block

  @severity:critical @mutating @exercise:4.4 @cmd:docker-exec
  Scenario: wg show lists port 51820, fwmark 0x200000 and one peer per other node
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    And WireGuard "wireguard.cali" is up on every node within 30 seconds
    Then wg show on every node lists "wireguard.cali" on port 51820 with fwmark 0x200000 and one peer per other node
