@lab:23-calico-dscp @exercise:2
Feature: Exercise 2 - the DSCP annotations: AF11 and EF on two senders, none on the baseline
  Calico reads the class a pod's egress traffic carries from its annotation qos.projectcalico.org/dscp.

  @severity:critical @cmd:kubectl-get-pod-sender-dscp-af11
  Scenario: sender-dscp-af11 asks for AF11
    Then the pod "sender-dscp-af11" carries the annotation "qos.projectcalico.org/dscp" with the value "AF11"

  @severity:critical @exercise:calico-dscp-annotation
  Scenario: sender-dscp-ef asks for EF and sender-no-dscp for no class
    Then the pod "sender-dscp-ef" carries the annotation "qos.projectcalico.org/dscp" with the value "EF"
    And the pod "sender-no-dscp" carries no annotation "qos.projectcalico.org/dscp"
