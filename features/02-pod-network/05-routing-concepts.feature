@lab:02-pod-network @exercise:5
Feature: Exercise 5 - Calico's routing model, for every pod
  The lab closes with general rules: every pod sits behind its own /32 host route on its node, and every
  node-side veth answers with the same MAC. They hold for all the lab's pods, not only the test pod.

  @severity:minor
  Scenario: Each node routes every pod it runs through a cali interface
    Then every node has a /32 route on a cali interface for each pod of the lab it runs

  @severity:minor
  Scenario: Every cali interface on every node has MAC ee:ee:ee:ee:ee:ee
    Then every cali interface on every node has the MAC ee:ee:ee:ee:ee:ee
