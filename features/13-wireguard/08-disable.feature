@lab:13-wireguard @exercise:8
Feature: Exercise 8 - patched back to false, WireGuard goes away
  The lab's second patch sets `wireguardEnabled: false`: the wireguard.cali interface disappears from the nodes
  after a few seconds.

  @severity:normal @mutating @cmd:kubectl-patch @cmd:docker-exec
  Scenario: wireguardEnabled false removes wireguard.cali from every node
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    And WireGuard "wireguard.cali" is up on every node within 30 seconds
    And the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":false}}'
    Then within 20 seconds no node has the WireGuard interface "wireguard.cali"
