@lab:02-pod-network @exercise:2
Feature: Exercise 2 - the test pod runs
  The deploy script applies the lab's tools: one bare multitool Pod, not owned by any controller, which the
  rest of the lab looks inside.

  @severity:critical @cmd:kubectl-get-pods-n-default
  Scenario: The multitool pod is Running and Ready
    Then every pod of "multitool" is Running and Ready
