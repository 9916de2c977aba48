@lab:11-headless-services
Feature: Exercise 6 - kube-proxy writes rules for the ClusterIP Service only
  A headless Service has no VIP, so kube-proxy has nothing to translate: on every node KUBE-SERVICES jumps to a
  chain for nginx-clusterip's VIP, and there is no rule for nginx-headless or redis-headless, nor any chain
  named by kube-proxy's hash of their ports.

  @exercise:6.1 @exercise:6.2 @severity:critical @cmd:docker-exec @cmd:iptables-t-nat-S-KUBE-SERVICES
  Scenario Outline: On the <role> node only nginx-clusterip has kube-proxy rules
    Given the NAT rules of the <role> node
    Then KUBE-SERVICES jumps to the chain of "nginx-clusterip" port "http" for its VIP/32, tcp port 80
    And that chain's name is kube-proxy's hash of the Service port and protocol
    And KUBE-SERVICES has no rule for "nginx-headless" and no chain carries its hash
    And KUBE-SERVICES has no rule for "redis-headless" and no chain carries its hash

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |
