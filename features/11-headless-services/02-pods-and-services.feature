@lab:11-headless-services @exercise:2
Feature: Exercise 2 - the redis StatefulSet, the nginx Deployment and their Services
  The lab runs redis as a StatefulSet of three pods with stable, ordinal names (redis-0 is the master, redis-1
  and redis-2 its replicas), an nginx Deployment of two pods, and a multitool pod on every node to test from.
  nginx-clusterip is an ordinary Service with a VIP; nginx-headless and redis-headless are headless
  (clusterIP None): no VIP at all.

  @severity:critical @cmd:kubectl-get-pods
  Scenario Outline: Every <workload> pod is Running and Ready
    Then every pod of "<workload>" is Running and Ready

    Examples:
      | workload         |
      | redis            |
      | nginx-deployment |
      | multitool        |

  @severity:critical @cmd:kubectl-get-statefulset
  Scenario: The redis StatefulSet is 3/3 with pods named redis-0, redis-1 and redis-2
    Then the StatefulSet "redis" has 3/3 pods ready, named by ordinal under its headless Service

  @severity:normal @cmd:kubectl-get-pods
  Scenario: The multitool DaemonSet runs one pod on each of the 3 nodes
    Then the DaemonSet "multitool" has one pod on each of the 3 nodes

  @severity:critical @cmd:kubectl-get-services
  Scenario: nginx-clusterip is a ClusterIP Service with a VIP
    Then "nginx-clusterip" is a ClusterIP Service with its VIP inside 10.96.0.0/16
    And it exposes port 80/TCP named "http" and has no external IP

  @severity:critical @cmd:kubectl-get-services
  Scenario Outline: <service> is headless: cluster IP None
    Then "<service>" is a headless Service on port <port>/TCP named "<name>"

    Examples:
      | service        | port | name  |
      | nginx-headless | 80   | http  |
      | redis-headless | 6379 | redis |
