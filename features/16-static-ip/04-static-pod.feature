@lab:16-static-ip @exercise:4
Feature: Exercise 4 - a pod at the address it asks for
  The student applies tools/02-static-pod.yaml, whose `cni.projectcalico.org/ipAddrs` annotation asks for
  192.168.100.10, inside the reserved range: Calico gives the pod exactly that address.

  @severity:critical @mutating @cmd:kubectl-apply @cmd:kubectl-wait @cmd:kubectl-get-pod
  Scenario: static-pod comes up Ready at the address its annotation asks for
    When the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    And the pod "static-pod" has the address its ipAddrs annotation asks for
