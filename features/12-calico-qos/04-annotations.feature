@lab:12-calico-qos @exercise:4
Feature: Exercise 4 - the QoS annotations
  The pods keep the annotations they were applied with: ingressBandwidth and egressBandwidth "10M".

  @severity:normal @mutating @cmd:kubectl-get-pod
  Scenario: iperf-server-qos and iperf-client-qos carry the bandwidth annotations of their manifests
    When the lab applies its manifest "tools/03-iperf-server-qos.yaml"
    And the lab applies its manifest "tools/04-iperf-client-qos.yaml"
    Then the pod "iperf-server-qos" is Ready within 60 seconds
    And the pod "iperf-client-qos" is Ready within 60 seconds
    And the pod "iperf-server-qos" carries the annotations of its manifest "tools/03-iperf-server-qos.yaml"
    And the pod "iperf-client-qos" carries the annotations of its manifest "tools/04-iperf-client-qos.yaml"
