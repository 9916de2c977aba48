@lab:12-calico-qos @exercise:3
Feature: Exercise 3 - the QoS-limited pods
  The student applies tools/03-iperf-server-qos.yaml (iperf-server-qos and its Service) and
  tools/04-iperf-client-qos.yaml, then waits for both pods to be Ready.

  @severity:critical @mutating @cmd:kubectl-apply @cmd:kubectl-wait
  Scenario: iperf-server-qos and iperf-client-qos come up Ready
    When the lab applies its manifest "tools/03-iperf-server-qos.yaml"
    And the lab applies its manifest "tools/04-iperf-client-qos.yaml"
    Then the pod "iperf-server-qos" is Ready within 60 seconds
    And the pod "iperf-client-qos" is Ready within 60 seconds
