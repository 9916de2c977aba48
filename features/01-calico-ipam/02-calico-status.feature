@lab:01-calico-ipam @exercise:2
Feature: Exercise 2 - Calico's installation status
  The Tigera operator keeps one status object per Calico component. The deploy script waits until the API
  server and the core calico component are available; a healthy install also shows neither one degraded.

  @severity:critical @cmd:kubectl-get-tigerastatus
  Scenario Outline: Calico's <component> component is Available and not Degraded
    Then the Calico tigerastatus "<component>" is Available
    And the Calico tigerastatus "<component>" is not Degraded

    Examples:
      | component |
      | apiserver |
      | calico    |
