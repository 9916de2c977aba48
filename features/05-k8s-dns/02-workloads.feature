@lab:05-k8s-dns @exercise:2
Feature: Exercise 2 - the workloads the lookups start from
  Two multitool DaemonSets run in the default namespace and a third, multitool-3, in namespace foo; the
  nginx Deployment sits behind nginx-service, a ClusterIP Service. The DNS exercises look nginx-service up
  from both namespaces.

  @severity:critical @cmd:kubectl-get-pods
  Scenario Outline: Every <workload> pod is Running and Ready
    Then every pod of "<workload>" is Running and Ready

    Examples:
      | workload         |
      | multitool-1      |
      | multitool-2      |
      | foo/multitool-3  |
      | nginx-deployment |

  @severity:normal @cmd:kubectl-get-pods
  Scenario Outline: The <daemonset> DaemonSet runs one pod on each of the 3 nodes
    Then the DaemonSet "<daemonset>" has one pod on each of the 3 nodes

    Examples:
      | daemonset       |
      | multitool-1     |
      | multitool-2     |
      | foo/multitool-3 |

  @severity:critical
  Scenario: nginx-service is a ClusterIP Service on port 80
    Then "nginx-service" is a ClusterIP Service with its VIP inside 10.96.0.0/16
    And it exposes port 80/TCP named "http" and has no external IP
