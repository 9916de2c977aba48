@lab:11-headless-services
Feature: Exercises 4.2 and 5 - redis replication over the stable pod names
  The replicas find their master by its stable name, redis-0.redis-headless, and replicate from it. From a
  multitool pod, each redis instance is reached by its own name: redis-0 is the master with two replicas,
  redis-1 and redis-2 are replicas whose master is redis-0's name, a key written on the master can be read on
  both replicas, and a write on a replica is refused.
  The two @mutating-data scenarios write to the application, never to the cluster: labgate writes a key of its
  own (labgate:probe:<random>) and deletes it again; they run in the default profile.

  @exercise:4.2 @severity:critical @cmd:redis-cli
  Scenario Outline: redis-cli reaches <pod> by its DNS name
    Given the "multitool" pod on the worker 1 node
    Then redis-cli -h "<pod>.redis-headless" PING answers PONG

    Examples:
      | pod     |
      | redis-0 |
      | redis-1 |
      | redis-2 |

  @exercise:5.1 @severity:critical @cmd:redis-cli
  Scenario: redis-0 is the master with two connected replicas
    Given the "multitool" pod on the worker 1 node
    Then redis at "redis-0.redis-headless" is the master, with the other pods of "redis" as its 2 online replicas

  @exercise:5.2 @severity:critical @cmd:redis-cli
  Scenario Outline: <pod> replicates from redis-0 by its stable name
    Given the "multitool" pod on the worker 1 node
    Then redis at "<pod>.redis-headless" is a replica of "redis-0.redis-headless" with its link up

    Examples:
      | pod     |
      | redis-1 |
      | redis-2 |

  @exercise:5.3 @severity:critical @mutating-data @cmd:redis-cli
  Scenario: A key written on the master is read back from both replicas
    Given the "multitool" pod on the worker 1 node
    Then a key written on "redis-0.redis-headless" is read back from "redis-1.redis-headless" and "redis-2.redis-headless"

  @exercise:5.4 @severity:normal @mutating-data @cmd:redis-cli
  Scenario: A replica refuses writes
    Given the "multitool" pod on the worker 1 node
    Then a write on "redis-1.redis-headless" is refused with READONLY
