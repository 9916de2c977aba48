@lab:05-k8s-dns @exercise:3.1
Feature: kube-proxy's rules for kube-dns
  The kube-dns VIP is a Service like any other: on every node kube-proxy writes one Service chain per port
  (dns over UDP, dns-tcp and metrics over TCP), each named by kube-proxy's hash of the port and protocol,
  choosing between the two CoreDNS pods with probability 0.5 for the first.

  @severity:critical
  Scenario Outline: KUBE-SERVICES sends kube-dns port <port> (<protocol> <number>) to its chain on the <role> node
    Given the NAT rules of the <role> node
    Then KUBE-SERVICES jumps to the chain of "kube-system/kube-dns" port "<port>" for its VIP/32, <protocol> port <number>
    And that chain's name is kube-proxy's hash of the Service port and protocol

    Examples:
      | role          | port    | protocol | number |
      | control-plane | dns     | udp      | 53     |
      | control-plane | dns-tcp | tcp      | 53     |
      | control-plane | metrics | tcp      | 9153   |
      | worker 1      | dns     | udp      | 53     |
      | worker 1      | dns-tcp | tcp      | 53     |
      | worker 1      | metrics | tcp      | 9153   |
      | worker 2      | dns     | udp      | 53     |
      | worker 2      | dns-tcp | tcp      | 53     |
      | worker 2      | metrics | tcp      | 9153   |

  @severity:normal
  Scenario Outline: The kube-dns chain for port <port> on the <role> node balances over both CoreDNS pods
    Given the NAT rules of the <role> node
    Then the Service chain of "kube-system/kube-dns" port "<port>" first marks for masquerade traffic not from 192.168.0.0/16
    And it has one rule per endpoint, rule i of n with probability 1/(n-i) and the last with none
    And the first of its 2 endpoint rules has probability 0.5
    And every endpoint chain's name is kube-proxy's hash of the Service port, protocol and endpoint
    And the DNAT targets of "kube-system/kube-dns" port "<port>" are exactly the endpoints of its EndpointSlices

    Examples:
      | role          | port    |
      | control-plane | dns     |
      | control-plane | dns-tcp |
      | control-plane | metrics |
      | worker 1      | dns     |
      | worker 1      | dns-tcp |
      | worker 1      | metrics |
      | worker 2      | dns     |
      | worker 2      | dns-tcp |
      | worker 2      | metrics |
