@lab:16-static-ip @exercise:6
Feature: Exercise 6 - connectivity to the static IP
  From dynamic-pod, three pings to static-pod's address all come back; both pods are on the one worker, so each
  reply crosses the node once: TTL 63, as the text shows.

  @severity:critical @mutating @cmd:kubectl-exec
  Scenario: dynamic-pod reaches static-pod at its static address with TTL 63
    When the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    And 3 pings from the pod "dynamic-pod" to the pod "static-pod" come back with TTL 63
