/** Gherkin parameter types shared by the steps. */
import { defineParameterType } from '@cucumber/cucumber';
import { NODE_ROLE_PATTERN } from '../support/cluster/roles.ts';

defineParameterType({ name: 'nodeRole', regexp: NODE_ROLE_PATTERN, transformer: (s: string) => s });
defineParameterType({ name: 'cidr', regexp: /\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}/, transformer: (s: string) => s });
// "53/UDP, 53/TCP and 9153/TCP" -> ['53/UDP', '53/TCP', '9153/TCP']
defineParameterType({
  name: 'portList',
  regexp: /\d+\/(?:TCP|UDP|SCTP)(?:(?:, | and )\d+\/(?:TCP|UDP|SCTP))*/,
  transformer: (s: string) => s.split(/, | and /),
});
defineParameterType({ name: 'rate', regexp: /\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, transformer: (s: string) => Number(s) });
defineParameterType({ name: 'ip', regexp: /\d{1,3}(?:\.\d{1,3}){3}/, transformer: (s: string) => s });
defineParameterType({ name: 'mac', regexp: /[0-9a-f]{2}(?::[0-9a-f]{2}){5}/, transformer: (s: string) => s });
// a Kubernetes bandwidth quantity as Calico's QoS annotations take it: 10M, 500k, 1Gi
defineParameterType({
  name: 'bandwidth',
  regexp: /\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|k|M|G|T)/,
  transformer: (s: string) => s,
});
