@lab:12-calico-qos @exercise:5
Feature: Exercise 5 - the limit holds after a burst
  iperf-client-qos to iperf-server-qos: the first second carries a burst (the tbf's bucket), then the rate holds to
  the annotated 10M (the receiver's goodput: 0.85 to 1.05 times the rate, see support/throughput/checks.ts), far
  below the unshaped baseline (the text: "~1000x"; the gate asks for at least 20x). Each direction's annotation is
  also measured on its own, against an unshaped peer: ingress into iperf-server-qos, egress out of
  iperf-client-qos. Runs are 4 seconds (the lab runs 5): three steady seconds after the burst.

  Background:
    When the lab applies its manifest "tools/03-iperf-server-qos.yaml"
    And the lab applies its manifest "tools/04-iperf-client-qos.yaml"
    Then the pod "iperf-server-qos" is Ready within 60 seconds
    And the pod "iperf-client-qos" is Ready within 60 seconds

  @severity:critical @mutating @cmd:kubectl-exec
  Scenario: iperf-client-qos to iperf-server-qos bursts, then holds to 10M, far below the baseline
    When the pod "iperf-client" measures the throughput to "iperf-server" for 3 seconds as the baseline run
    And the pod "iperf-client-qos" measures the throughput to "iperf-server-qos" for 4 seconds as the shaped run
    Then the first second of the shaped run bursts above 2 times the ingress bandwidth of the pod "iperf-server-qos"
    And after its first second the shaped run holds to the ingress bandwidth of the pod "iperf-server-qos"
    And after its first second the shaped run is at most 1/20 of the baseline run

  @severity:critical @mutating
  Scenario: Traffic into iperf-server-qos from an unshaped client holds to its ingressBandwidth
    When the pod "iperf-client" measures the throughput to "iperf-server-qos" for 4 seconds as the ingress run
    Then after its first second the ingress run holds to the ingress bandwidth of the pod "iperf-server-qos"

  @severity:critical @mutating
  Scenario: Traffic out of iperf-client-qos to an unshaped server holds to its egressBandwidth
    When the pod "iperf-client-qos" measures the throughput to "iperf-server" for 4 seconds as the egress run
    Then after its first second the egress run holds to the egress bandwidth of the pod "iperf-client-qos"
