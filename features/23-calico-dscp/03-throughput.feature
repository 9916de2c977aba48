@lab:23-calico-dscp @exercise:3
Feature: Exercises 3 to 6 - iperf3 from each sender to the client: unshaped, 1 Mbit/s for AF11, 5 Mbit/s for EF
  The client runs iperf3 -s; each sender runs iperf3 -c towards it. The router's HTB on eth3 puts AF11 (tos
  0x28) into a 1 Mbit/s class and EF (tos 0xb8) into a 5 Mbit/s class; unmarked traffic takes the default class.
  Rates are what the client received over short runs, within bounds derived from the classes' own rates
  (support/qos/checks.ts): about the class rate for a marked pod, at least ten times the fastest class without.

  @severity:critical @exercise:4 @cmd:docker-exec-it-clab-calico-dscp-client-iperf3-s @cmd:kubectl-exec-it-sender-no-dscp
  Scenario: Without DSCP, iperf3 runs far above the classes
    Then iperf3 from the pod "sender-no-dscp" to "client" for 2 seconds is received far above the fastest class, 5 Mbit/s

  @severity:critical @exercise:5 @cmd:kubectl-exec-it-sender-dscp-af11
  Scenario: With DSCP AF11, iperf3 is shaped to about 1 Mbit/s
    Then iperf3 from the pod "sender-dscp-af11" to "client" for 2 seconds is received at about 1 Mbit/s

  @severity:critical @exercise:6 @cmd:kubectl-exec-it-sender-dscp-ef
  Scenario: With DSCP EF, iperf3 is shaped to about 5 Mbit/s
    Then iperf3 from the pod "sender-dscp-ef" to "client" for 2 seconds is received at about 5 Mbit/s
