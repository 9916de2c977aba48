@lab:12-calico-qos @exercise:2
Feature: Exercise 2 - the baseline: no QoS, no limit
  Without QoS annotations iperf-client reaches iperf-server through its Service at whatever the path carries
  ("several Gbps in a containerized environment"): far above the 10M the QoS pods will ask for. The run is
  3 seconds (the lab runs 5); the gate asserts the order of magnitude, never the text's 9.44 Gbit/s.

  @severity:critical @cmd:kubectl-exec
  Scenario: iperf-client to iperf-server runs unshaped, far above 10M
    When the pod "iperf-client" measures the throughput to "iperf-server" for 3 seconds as the baseline run
    Then the baseline run carries at least 20 times 10M
