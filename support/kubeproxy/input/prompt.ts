/** Shell prompts and commands in a paste: set aside as "not rules", and read for what they say about the output. */
import type { AddressFamily } from '../../floor/address.ts';

export interface CommandHint {
  tool: 'iptables' | 'iptables-save' | 'nft' | 'ipvsadm' | 'other';
  family?: AddressFamily;
  /** the table the command lists; iptables -L/-S without -t lists filter */
  table?: string;
  /** -L with -n (numbers, not names); undefined when the command is not an -L listing */
  numeric?: boolean;
}

const PROMPTS = [
  /^[\w.-]+@[\w.-]+(?::[^$#]*)?[$#]\s?(.*)$/, // user@host:~$ cmd
  /^\[[^\]]+\][$#]\s?(.*)$/, // [root@host ~]# cmd
  /^(?:sh|bash|zsh|ash)-[\d.]+[$#]\s?(.*)$/, // bash-5.1# cmd
  /^(?:\$|#|>|%|❯|➜)\s+(.*)$/, // $ cmd, # cmd
  /^PS [^>]*>\s?(.*)$/, // PS C:\> cmd
];
const COMMAND_WORDS = [
  String.raw`(?:docker|podman|crictl)\s+exec`,
  'kubectl',
  String.raw`ip\s+netns\s+exec`,
  'nsenter',
  'ip6?tables',
  String.raw`nft\b`,
  'ipvsadm',
  String.raw`watch\b`,
];
const COMMAND = new RegExp(String.raw`^(?:sudo\s+|doas\s+)?(?:${COMMAND_WORDS.join('|')})`);

/** The command a prompt line runs ("" for a bare prompt), or null when the line is not a prompt or command. */
export function promptCommand(line: string): string | null {
  for (const prompt of PROMPTS) {
    const match = prompt.exec(line);
    if (match) return match[1]!.trim();
  }
  return COMMAND.test(line) ? line : null;
}

/** What a command line says about the output that follows it. */
export function commandHint(command: string): CommandHint | null {
  const words = command.split(/\s+/);
  const index = words.findIndex((w) =>
    /^(ip6?tables(-legacy|-nft)?(-save)?|nft|ipvsadm)$/.test(w.replace(/^.*\//, '')),
  );
  if (index < 0) return command.trim() === '' ? null : { tool: 'other' };
  const tool = words[index]!.replace(/^.*\//, '');
  const args = words.slice(index + 1);
  if (tool === 'nft') return { tool: 'nft' };
  if (tool === 'ipvsadm')
    return { tool: 'ipvsadm', numeric: args.some((a) => /^-[a-zA-Z]*n/.test(a) || a === '--numeric') };
  const hint: CommandHint = { tool: tool.endsWith('-save') ? 'iptables-save' : 'iptables' };
  hint.family = tool.startsWith('ip6') ? 'ipv6' : 'ipv4';
  const tableAt = args.findIndex((a) => a === '-t' || a === '--table' || /^-[a-zA-Z]*t$/.test(a));
  if (tableAt >= 0 && args[tableAt + 1]) hint.table = args[tableAt + 1];
  else if (hint.tool === 'iptables') hint.table = 'filter';
  const shortFlags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
  if (shortFlags.includes('L') || args.includes('--list'))
    hint.numeric = shortFlags.includes('n') || args.includes('--numeric');
  return hint;
}
