@lab:16-static-ip @exercise:8
Feature: Exercise 8 - deleted and re-created, the pod gets the same address
  The address goes back to Calico when the pod is deleted, and the annotation asks for it again.

  @severity:critical @mutating @cmd:kubectl-delete @cmd:kubectl-wait @cmd:kubectl-apply @cmd:kubectl-get-pod
  Scenario: static-pod, deleted and applied again, is back at the address it asked for
    When the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    When the pod "static-pod" is deleted and gone within 60 seconds
    And the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    And the pod "static-pod" has the address it had before
    And the pod "static-pod" has the address its ipAddrs annotation asks for
