@lab:13-wireguard @exercise:5
Feature: Exercise 5 - with WireGuard, only encrypted UDP 51820 between the nodes
  The same capture on eth0 of backend-api's node now shows no secret: only UDP 51820 between the nodes'
  addresses, carrying the pods' traffic encrypted in both directions.

  @severity:critical @mutating @cmd:docker-exec
  Scenario: A capture on the backend's node shows only WireGuard and none of the secrets
    When the lab patches the FelixConfiguration "default" with '{"spec":{"wireguardEnabled":true}}'
    And WireGuard "wireguard.cali" is up on every node within 30 seconds
    Then a 4-second capture on eth0 of the node of the pod "backend-api" shows only UDP 51820 between nodes, encrypted data both ways with the node of the pod "frontend-client", and none of "password|secret|Bearer|API-Key|aws_|stripe_"
