@lab:16-static-ip @exercise:3
Feature: Exercise 3 - the dynamic pod's address lies outside the reserved range
  The pod deployed without annotations gets its address from the pool, never from the reservation.

  @severity:critical @cmd:kubectl-get-pod
  Scenario: dynamic-pod's address is in 192.168.0.0/16 and outside 192.168.100.8/29
    Then the pod "dynamic-pod" is Ready within 60 seconds
    And the pod "dynamic-pod" has an address in the pool 192.168.0.0/16 outside the reservation 192.168.100.8/29
