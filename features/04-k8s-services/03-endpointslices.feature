@lab:04-k8s-services @exercise:2
Feature: Exercise 2 - the EndpointSlices of nginx-service
  The control plane keeps EndpointSlices for nginx-service listing the backend pod addresses the Service
  balances over; they must match the nginx pods, and the legacy Endpoints object must say the same.

  @severity:critical @cmd:kubectl-get-endpointslice
  Scenario: The EndpointSlices list exactly the ready nginx pods on port 80
    Then the EndpointSlices of "nginx-service" list exactly the ready "nginx-deployment" pod IPs on port 80

  @severity:normal @cmd:kubectl-get-endpointslice
  Scenario: Every endpoint names its pod and that pod's node
    Then every endpoint of "nginx-service" points at its "nginx-deployment" pod and that pod's node

  @severity:minor
  Scenario: The legacy Endpoints object agrees with the EndpointSlices
    Then the Endpoints object of "nginx-service" lists the same addresses and port as its EndpointSlices
