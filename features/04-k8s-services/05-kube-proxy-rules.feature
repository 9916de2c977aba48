@lab:04-k8s-services
Feature: Exercise 4 - the iptables rules kube-proxy writes for nginx-service
  On every node kube-proxy turns nginx-service and its EndpointSlices into NAT rules: KUBE-SERVICES matches
  the VIP and jumps to the Service's KUBE-SVC chain, which marks traffic from outside the pod CIDR for
  masquerade and picks an endpoint at random (probability 0.5 for the first of two); each KUBE-SEP chain
  DNATs to its pod. Chain names are kube-proxy's hashes of the Service port and endpoint.

  @exercise:4.1 @severity:critical @cmd:docker-exec @cmd:iptables-t-nat-S-KUBE-SERVICES
  Scenario Outline: KUBE-SERVICES sends the nginx-service VIP to its Service chain on the <role> node
    Given the NAT rules of the <role> node
    Then KUBE-SERVICES jumps to the chain of "nginx-service" port "http" for its VIP/32, tcp port 80
    And that chain's name is kube-proxy's hash of the Service port and protocol

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @exercise:4.2 @severity:critical @cmd:docker-exec @cmd:iptables-t-nat-L-KUBE-SVC
  Scenario Outline: The Service chain on the <role> node masquerades outsiders and balances over the endpoints
    Given the NAT rules of the <role> node
    Then the Service chain of "nginx-service" port "http" first marks for masquerade traffic not from 192.168.0.0/16
    And it has one rule per endpoint, rule i of n with probability 1/(n-i) and the last with none
    And the first of its 2 endpoint rules has probability 0.5
    And every endpoint chain's name is kube-proxy's hash of the Service port, protocol and endpoint

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @exercise:4.3 @severity:normal @cmd:docker-exec @cmd:iptables-t-nat-L-KUBE-SEP
  Scenario Outline: The first endpoint chain on the <role> node DNATs to its pod
    Given the NAT rules of the <role> node
    Then endpoint chain 1 of "nginx-service" port "http" marks hairpin traffic from its own pod and DNATs tcp to that pod on port 80

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @exercise:4.4 @severity:normal @cmd:docker-exec @cmd:iptables-t-nat-L-KUBE-SEP
  Scenario Outline: The second endpoint chain on the <role> node DNATs to its pod
    Given the NAT rules of the <role> node
    Then endpoint chain 2 of "nginx-service" port "http" marks hairpin traffic from its own pod and DNATs tcp to that pod on port 80

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @exercise:4.5 @severity:critical
  Scenario Outline: New connections to the VIP on the <role> node reach every endpoint
    Given the NAT rules of the <role> node
    Then the DNAT targets of "nginx-service" port "http" are exactly the endpoints of its EndpointSlices
    And a new connection to the VIP on port 80 reaches every endpoint with an equal share

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |

  @exercise:4.5 @severity:normal
  Scenario Outline: Connections from the multitool-1 pod on the <role> node are spread over both endpoints
    A healthy random split can look uneven, so each endpoint's count is judged against an exact binomial
    interval. The run's two bursts share one false-alarm budget of 1e-6 over their 2 endpoints each (2.5e-7
    apiece): of 640 connections each endpoint must count 255 to 385. A 65/35 split is caught with probability
    0.994 per burst.

    Given the "multitool-1" pod on the <role> node
    When it opens 640 new connections to the VIP of "nginx-service" port 80
    Then each endpoint's DNAT rule on that node counted its equal share of them, within binomial bounds at a false-alarm rate of 1e-6 per run shared by 2 bursts

    Examples:
      | role     |
      | worker 1 |
      | worker 2 |

  @exercise:4.6 @severity:minor
  Scenario: The chains of nginx-service drawn as a diagram
    Given the NAT rules of the worker 1 node
    Then a diagram of the chains of "nginx-service" port "http" is attached to the report
