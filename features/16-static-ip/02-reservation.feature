@lab:16-static-ip @exercise:2
Feature: Exercise 2 - the IP reservation
  The deploy script reserved 192.168.100.8/29 (192.168.100.8 to .15): Calico hands none of these addresses out on
  its own, though a pod may still ask for one of them.

  @severity:critical @cmd:kubectl-get-ipreservations
  Scenario: The reservation reserved-ips holds 192.168.100.8/29
    Then the IP reservation "reserved-ips" reserves 192.168.100.8/29
