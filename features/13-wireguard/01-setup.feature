@lab:13-wireguard @exercise:1
Feature: Exercise 1 - the lab setup: three Ready nodes, the client and the backend on different nodes
  The lab is a Kind cluster of one control-plane node and two workers. backend-api (a python server that answers
  with fake secrets) and frontend-client (a curl loop sending fake tokens) must run on different nodes: WireGuard
  encrypts only what goes between nodes.

  @severity:critical @cmd:kubectl-get-nodes
  Scenario: The three Kubernetes nodes are Ready
    Then the cluster has 3 nodes and every one is Ready

  @severity:critical @cmd:kubectl-get-pods
  Scenario: backend-api and frontend-client are Ready on different nodes
    Then the pod "backend-api" is Ready within 60 seconds
    And the pod "frontend-client" is Ready within 60 seconds
    And the pods "backend-api" and "frontend-client" run on different nodes
