@lab:04-k8s-services @notes
Feature: Additional notes - session affinity and address families
  The lab's notes say that only sessionAffinity ClientIP pins clients to a backend, and that dual-stack
  clusters get a VIP and rules per address family. The lab's Service uses neither: no affinity, and one IPv4 VIP.

  @severity:minor
  Scenario Outline: Without session affinity there are no "recent" rules on the <role> node
    Given the NAT rules of the <role> node
    Then "nginx-service" has sessionAffinity None
    And no rule in the chains of "nginx-service" port "http" uses the recent module

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @severity:minor
  Scenario: A single-stack cluster gives nginx-service one IPv4 VIP
    Then "nginx-service" has exactly one cluster IP, of family IPv4
    And no node has IPv6 NAT rules for "nginx-service"
