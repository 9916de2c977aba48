@lab:04-k8s-services @after-destroy
Feature: Lab cleanup - nothing is left after the destroy script
  The destroy script deletes the Kind cluster and the containerlab topology, checks that no lab container
  or network remains, and removes the generated kubeconfig. Run these only after destroying the lab.

  @severity:normal
  Scenario: No lab node container remains
    Then no Docker container carries the lab's Kind cluster label

  @severity:minor
  Scenario: The lab's Docker network is gone
    Then there is no Docker network named "kind"

  @severity:minor
  Scenario: The generated kubeconfig is removed
    Then the lab's kubeconfig file no longer exists
