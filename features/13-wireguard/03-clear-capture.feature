@lab:13-wireguard @exercise:3
Feature: Exercise 3 - the client's secrets cross the wire in clear
  Without WireGuard, a capture on eth0 of backend-api's node shows the passwords, tokens and keys the two pods
  exchange, as the lab's `tcpdump -A | grep -E 'password|secret|Bearer|API-Key|aws_|stripe_'` does.

  @severity:critical @cmd:docker-exec
  Scenario: A capture on the backend's node shows the secrets in clear
    Then a 4-second capture on eth0 of the node of the pod "backend-api" shows some of "password|secret|Bearer|API-Key|aws_|stripe_" in clear
