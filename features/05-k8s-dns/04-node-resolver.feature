@lab:05-k8s-dns @exercise:3.3
Feature: Exercise 3.3 - the nodes' own resolver
  A node container resolves through the gateway of its Docker network (Kind rewrites Docker's embedded
  resolver address to it) with ndots:0, so a name is always tried as written first. This is the resolver
  CoreDNS forwards to for names outside the cluster, and its search domains end every pod's search list.

  @severity:normal @cmd:docker-exec @cmd:cat-etc-resolv.conf
  Scenario Outline: The <role> node resolves through its Docker network's gateway with ndots:0
    Given the resolv.conf of the <role> node
    Then its nameserver is the gateway of the Docker network "kind" and it sets ndots:0

    Examples:
      | role          |
      | control-plane |
      | worker 1      |
      | worker 2      |
