@lab:12-calico-qos @exercise:1
Feature: Exercise 1 - the lab setup: two nodes, the iperf pods on the worker
  The lab is a Kind cluster of one control-plane node and one worker; the deploy script applied iperf-server (with
  its Service) and iperf-client, without QoS annotations, and both run on the worker.

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The two Kubernetes nodes are Ready
    Then the cluster has 2 nodes and every one is Ready

  @severity:critical @cmd:kubectl-get-pods
  Scenario: iperf-server and iperf-client are Running on the worker
    Then the pods "iperf-server" and "iperf-client" are Running on the worker 1 node
