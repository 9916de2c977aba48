@lab:04-k8s-services @exercise:2
Feature: Exercise 2 - pods and the nginx Service
  The default namespace holds two multitool DaemonSets (multitool-1 and multitool-2), an nginx Deployment
  with two replicas, and nginx-service, a ClusterIP Service in front of the nginx pods. Pods are spread over
  the nodes and take routable addresses from the pod CIDR, each node handing out addresses from its own block.

  @severity:critical @cmd:kubectl-get-pods
  Scenario Outline: Every <workload> pod is Running and Ready
    Then every pod of "<workload>" is Running and Ready

    Examples:
      | workload         |
      | multitool-1      |
      | multitool-2      |
      | nginx-deployment |

  @severity:critical @cmd:kubectl-get-pods
  Scenario Outline: The <daemonset> DaemonSet runs one pod on each of the 3 nodes
    Then the DaemonSet "<daemonset>" has one pod on each of the 3 nodes

    Examples:
      | daemonset   |
      | multitool-1 |
      | multitool-2 |

  @severity:normal @cmd:kubectl-get-pods
  Scenario: The two nginx pods run on different nodes
    Then the 2 pods of "nginx-deployment" run on different nodes

  @severity:normal @cmd:kubectl-get-pods
  Scenario: Pod addresses come from the pod CIDR
    Then every pod address is inside 192.168.0.0/16

  @severity:minor @cmd:kubectl-get-pods
  Scenario: Pods on the same node share one /26 block
    Then pods on the same node share one block of size 26, and no block spans two nodes

  @severity:critical @cmd:kubectl-get-services
  Scenario: nginx-service is a ClusterIP Service on port 80
    Then "nginx-service" is a ClusterIP Service with its VIP inside 10.96.0.0/16
    And it exposes port 80/TCP named "http" and has no external IP
