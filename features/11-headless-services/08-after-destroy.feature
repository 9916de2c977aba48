@lab:11-headless-services @after-destroy
Feature: Lab cleanup - nothing is left after the destroy script
  The destroy script deletes the headless-services Kind cluster and the containerlab topology and removes
  the kubeconfig the deploy script wrote. Run these only after destroying the lab.

  @severity:normal
  Scenario: No lab node container remains
    Then no Docker container carries the lab's Kind cluster label

  @severity:minor
  Scenario: The lab's Docker network is gone
    Then there is no Docker network named "kind"

  @severity:minor
  Scenario: The generated kubeconfig is removed
    Then the lab's kubeconfig file no longer exists
