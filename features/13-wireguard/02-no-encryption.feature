@lab:13-wireguard @exercise:2
Feature: Exercise 2 - no encryption yet: no WireGuard setting, no WireGuard interface
  Before the lab enables it, the FelixConfiguration `default` says nothing about WireGuard and no node has a
  WireGuard interface.

  @severity:critical @cmd:kubectl-get-felixconfiguration
  Scenario: The FelixConfiguration default has no WireGuard setting
    Then the FelixConfiguration "default" shows no WireGuard setting

  @severity:critical @cmd:docker-exec
  Scenario: No node has a WireGuard interface
    Then no node has the WireGuard interface "wireguard.cali"
