/**
 * The dig command a feature writes ("dig +search nginx-service"), read with a shell-words parser and
 * allowed only in the shape the labs use: dig, its display and search flags, a server, a type, one name.
 * Anything else is refused before it reaches a pod.
 */
import { parse as parseShellWords } from 'shell-quote';
import { LabgateError } from '../floor/errors.ts';
import { isDns1123Subdomain } from '../floor/names.ts';

const FLAG_NAMES =
  'search short tcp vc ttlid ttlunits class cmd comments stats question answer authority additional all ' +
  'recurse showsearch';
const FLAG = new RegExp(`^\\+(no)?(${FLAG_NAMES.split(' ').join('|')})$`);
const SERVER = /^@\d{1,3}(\.\d{1,3}){3}$/;
const TYPE = /^(A|AAAA|SRV|PTR|TXT|SOA|NS|CNAME|ANY)$/;

export function digArgv(text: string): string[] {
  const words = parseShellWords(text);
  const refuse = (why: string) =>
    new LabgateError(
      `the feature's command "${text}" ${why}`,
      'write it as: dig [+search|+short|+tcp ...] [@server] [type] name',
    );
  if (!words.every((w): w is string => typeof w === 'string')) throw refuse('has shell operators');
  if (words[0] !== 'dig') throw refuse('is not a dig command');
  let names = 0;
  for (const w of words.slice(1)) {
    if (FLAG.test(w) || SERVER.test(w) || TYPE.test(w)) continue;
    if (isDns1123Subdomain(w.replace(/\.$/, '').toLowerCase())) {
      names++;
      continue;
    }
    throw refuse(`has "${w}", which is not a dig option, a server, a type or a DNS name`);
  }
  if (names !== 1) throw refuse(`names ${names} DNS names; it must name one`);
  return words;
}
