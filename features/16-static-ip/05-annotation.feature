@lab:16-static-ip @exercise:5
Feature: Exercise 5 - the static IP annotation
  The pod keeps the annotation it was created with, and its address is the one the annotation names.

  @severity:normal @mutating @cmd:kubectl-get-pod
  Scenario: static-pod's annotation names the address the pod has
    When the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    And the pod "static-pod" has the address its ipAddrs annotation asks for
