@lab:16-static-ip @exercise:7
Feature: Exercise 7 - an address already in use
  A second pod asking for static-pod's address never gets it: it stays in ContainerCreating, and its Events say
  Calico could not give it the address, naming it.

  @severity:critical @mutating @cmd:kubectl-apply @cmd:kubectl-get-pod @cmd:kubectl-describe-pod @cmd:kubectl-delete
  Scenario: duplicate-pod stays in ContainerCreating with an Event naming the address in use
    When the lab applies its manifest "tools/02-static-pod.yaml"
    Then the pod "static-pod" is Ready within 60 seconds
    When the lab applies its manifest "tools/03-duplicate-ip-pod.yaml"
    Then the pod "duplicate-pod" stays in ContainerCreating for 10 seconds
    And an Event FailedCreatePodSandBox on the pod "duplicate-pod" names the address it asks for
