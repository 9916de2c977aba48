@lab:11-headless-services @exercise:5.5
Feature: Exercise 5.5 - the replicas found their master through DNS
  Each replica starts with --replicaof redis-0.redis-headless.default.svc.cluster.local: its log shows it
  connecting to the master by that name, not by an address, and the sync that follows.

  @severity:normal @cmd:kubectl-logs
  Scenario Outline: <pod>'s log shows it connecting to redis-0 by name
    Then the log of the "redis" container of pod "<pod>" shows it connecting to its master "redis-0.redis-headless" by name

    Examples:
      | pod     |
      | redis-1 |
      | redis-2 |
