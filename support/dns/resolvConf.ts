/**
 * resolv.conf as the glibc resolver reads it: nameservers in order, the search list (the last `search`
 * or `domain` line wins), and options, with ndots defaulting to 1 as resolv.conf(5) says.
 */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  /** every option as written: "ndots:5" -> { ndots: "5" }, "edns0" -> { edns0: true } */
  options: Record<string, string | true>;
  /** the effective ndots (1 when not set, capped at 15 as the resolver does) */
  ndots: number;
  /** the `options` words in order, as written */
  optionWords: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  const options: Record<string, string | true> = {};
  const optionWords: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword === 'nameserver' && rest[0]) nameservers.push(rest[0]);
    else if (keyword === 'search') search = rest.filter((w) => !w.startsWith('#') && !w.startsWith(';'));
    else if (keyword === 'domain' && rest[0]) search = [rest[0]];
    else if (keyword === 'options') {
      for (const word of rest) {
        optionWords.push(word);
        const colon = word.indexOf(':');
        if (colon < 0) options[word] = true;
        else options[word.slice(0, colon)] = word.slice(colon + 1);
      }
    }
  }
  const n = typeof options.ndots === 'string' && /^\d+$/.test(options.ndots) ? Math.min(Number(options.ndots), 15) : 1;
  return { nameservers, search, options, ndots: n, optionWords };
}
