@lab:04-k8s-services @exercise:3
Feature: Exercise 3 - from a pod to the Service
  From a shell inside a multitool pod, nginx-service resolves through cluster DNS, a TCP connection to
  nginx-service on port 80 succeeds, and the bare line "get" draws "HTTP/1.1 400 Bad Request" from nginx,
  which then closes the connection: name resolution, the Service VIP and the path to nginx all work.

  @severity:critical @cmd:kubectl-exec @cmd:telnet-nginx-service-80 @cmd:get
  Scenario: The multitool-1 pod on each worker reaches nginx-service
    Then from the "multitool-1" pod on every worker, "nginx-service" port 80 answers "get" with "HTTP/1.1 400 Bad Request"

  @severity:critical @cmd:kubectl-exec @cmd:telnet-nginx-service-80 @cmd:get
  Scenario Outline: <daemonset> on the <role> node reaches nginx-service by name
    Given the "<daemonset>" pod on the <role> node
    When it looks up "nginx-service" through cluster DNS
    Then the name resolves to the ClusterIP of "nginx-service"
    When it connects to "nginx-service" port 80 and sends "get"
    Then the TCP connection is established
    And the reply starts with "HTTP/1.1 400 Bad Request"
    And the reply has a "Server" header starting with "nginx"
    And the server closes the connection

    Examples:
      | daemonset   | role          |
      | multitool-1 | control-plane |
      | multitool-1 | worker 1      |
      | multitool-1 | worker 2      |
      | multitool-2 | control-plane |
      | multitool-2 | worker 1      |
      | multitool-2 | worker 2      |
