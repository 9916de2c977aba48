@lab:12-calico-qos @exercise:7
Feature: Exercise 7 - QoS removed, the baseline back
  The QoS pods and their Service deleted, iperf-client to iperf-server runs unshaped again: the original pods never
  had limits, and nothing the QoS pods left behind holds them back.

  @severity:critical @mutating @cmd:kubectl-delete @cmd:kubectl-exec
  Scenario: With the QoS pods and Service deleted, iperf-client to iperf-server is unshaped again
    When the lab applies its manifest "tools/03-iperf-server-qos.yaml"
    And the lab applies its manifest "tools/04-iperf-client-qos.yaml"
    Then the pod "iperf-server-qos" is Ready within 60 seconds
    And the pod "iperf-client-qos" is Ready within 60 seconds
    When the pod "iperf-server-qos" is deleted and gone within 60 seconds
    And the pod "iperf-client-qos" is deleted and gone within 60 seconds
    And the Service "iperf-server-qos" is deleted
    And the pod "iperf-client" measures the throughput to "iperf-server" for 3 seconds as the baseline run
    Then the baseline run carries at least 20 times 10M
