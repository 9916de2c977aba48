@lab:21-macvlan @exercise:4
Feature: Exercises 4 and 5 - Multus installed: its pods on every node, 00-multus.conf first, the macvlan plugin
  Multus' DaemonSet runs a pod on every node; its entrypoint writes 00-multus.conf, which sorts before Calico's
  10-calico.conflist, so kubelet calls Multus, and Multus calls Calico (its first delegate) for eth0. The CNI
  plugins release puts the macvlan binary in /opt/cni/bin, where the NetworkAttachmentDefinition's type finds it.

  @severity:critical @exercise:4.2 @cmd:kubectl-wait-for-condition-ready-pod-l-app-multus
  Scenario: A Multus pod runs on every node
    Then every pod of "kube-system/kube-multus-ds" is Running and Ready
    And the DaemonSet "kube-system/kube-multus-ds" has one pod on each of the 3 nodes

  @severity:critical @exercise:4.3 @cmd:docker-exec-k01-control-plane-cat-etc-cni-net.d-00-multus.conf
  Scenario: 00-multus.conf makes Multus the CNI, delegating first to Calico with calico-ipam, portmap chained
    Then the control-plane node's CNI config "/etc/cni/net.d/00-multus.conf" is of type "multus", its first delegate "calico" with "calico-ipam" IPAM, chained with "portmap"

  @severity:critical @exercise:4.5 @cmd:docker-exec-k01-control-plane-ls-la-opt-cni-bin
  Scenario: The macvlan plugin is installed on every node
    Then every node has the CNI plugin "macvlan" in "/opt/cni/bin"

  @severity:normal @exercise:5.4 @cmd:docker-exec-k01-control-plane-ls-la-etc-cni-net.d
  Scenario: kubelet selects 00-multus.conf, the first config in name order
    Then the control-plane node's first CNI config in "/etc/cni/net.d" is "00-multus.conf"
