/** The completion scripts, each written from one table of the program (completion/index.ts builds it). */

export interface CompletionOption {
  flag: string;
  /** Present when the option takes a value: the values to offer (empty: free text). */
  values?: string[];
  /** The value is a file or directory. */
  path?: boolean;
}

export interface CompletionTable {
  /** By command path: '' (the program), 'detect', 'prepare athena-table'. */
  commands: Record<string, { subcommands: string[]; options: CompletionOption[]; positional: string[] }>;
}

// Everything written into a script is a flag, command name or id: anything else is left out, never quoted in.
const SAFE = /^[A-Za-z0-9@/._:-]+$/;
const words = (list: string[]) => list.filter((w) => SAFE.test(w)).join(' ');

/** The case arms that find the command path from the words typed so far (`detect`, `prepare athena-table`). */
function pathArms(t: CompletionTable): string[] {
  return Object.keys(t.commands)
    .filter((p) => p !== '')
    .map((p) => {
      const parent = p.includes(' ') ? p.slice(0, p.lastIndexOf(' ')) : '';
      const name = p.slice(p.lastIndexOf(' ') + 1);
      return `"${parent}|${name}") cmdpath="${p}" ;;`;
    });
}

function valueArms(t: CompletionTable, onValues: (v: string[]) => string, onPath: string, onFree: string): string[] {
  return Object.entries(t.commands).flatMap(([p, c]) =>
    c.options.filter((o) => o.values !== undefined).map((o) => `"${p}|${o.flag}") ${o.path ? onPath : o.values && o.values.length > 0 ? onValues(o.values) : onFree} ;;`),
  );
}

/** One case arm per command path: what to offer there (its options, or its subcommands and arguments). */
function commandArms(t: CompletionTable, offer: (list: string) => string, options: boolean): string[] {
  return Object.entries(t.commands).map(([p, c]) => `"${p}") ${offer(words(options ? c.options.map((o) => o.flag) : [...c.subcommands, ...c.positional]))} ;;`);
}

/** What bash and zsh write differently in the one completion function they share. */
interface Dialect {
  /** The words typed: the word being completed, the one before it, and the loop over those before. */
  locals: string;
  loop: string;
  word: string;
  offer: (list: string) => string;
  /** A value that is a path, and a free value. */
  onPath: string;
  onFree: string;
}

/** `_sm_ir`: find the command path from the words typed, then offer an option's values, the options, or the subcommands. */
function completionFunction(t: CompletionTable, d: Dialect): string {
  return `_sm_ir() {
  local ${d.locals} cmdpath="" w i
  ${d.loop}; do
    w="${d.word}"
    case "$cmdpath|$w" in
      ${pathArms(t).join('\n      ')}
    esac
  done
  case "$cmdpath|$prev" in
    ${valueArms(t, (v) => `${d.offer(words(v))}; return`, d.onPath, d.onFree).join('\n    ')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmdpath" in
      ${commandArms(t, d.offer, true).join('\n      ')}
    esac
  else
    case "$cmdpath" in
      ${commandArms(t, d.offer, false).join('\n      ')}
    esac
  fi
}`;
}

export function bashScript(t: CompletionTable): string {
  const body = completionFunction(t, {
    locals: 'cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    loop: 'for ((i = 1; i < COMP_CWORD; i++))',
    word: '${COMP_WORDS[i]}',
    offer: (list) => `COMPREPLY=($(compgen -W "${list}" -- "$cur"))`,
    onPath: 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return',
    onFree: 'COMPREPLY=(); return',
  });
  return `# sm-ir completion for bash: source it, or save it as /etc/bash_completion.d/sm-ir (sm-ir completion bash).
${body}
complete -o bashdefault -o default -F _sm_ir sm-ir
`;
}

export function zshScript(t: CompletionTable): string {
  const body = completionFunction(t, {
    locals: 'cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"',
    loop: 'for (( i = 2; i < CURRENT; i++ ))',
    word: '${words[i]}',
    offer: (list) => `compadd -- ${list}`,
    onPath: '_files; return',
    onFree: 'return',
  });
  return `#compdef sm-ir
# sm-ir completion for zsh: save it as _sm-ir in a directory of $fpath (sm-ir completion zsh > "\${fpath[1]}/_sm-ir").
${body}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _sm_ir "$@"; else compdef _sm_ir sm-ir; fi
`;
}

export function fishScript(t: CompletionTable): string {
  const lines = ['# sm-ir completion for fish: save it as ~/.config/fish/completions/sm-ir.fish (sm-ir completion fish).', 'complete -c sm-ir -f'];
  const condition = (p: string): string => {
    if (p === '') return '__fish_use_subcommand';
    const parts = p.split(' ');
    const last = parts[parts.length - 1] as string;
    const children = t.commands[p]?.subcommands ?? [];
    return `__fish_seen_subcommand_from ${last}${children.length ? `; and not __fish_seen_subcommand_from ${words(children)}` : ''}`;
  };
  for (const [p, c] of Object.entries(t.commands)) {
    const when = condition(p);
    if (c.subcommands.length || c.positional.length) lines.push(`complete -c sm-ir -n '${when}' -a '${words([...c.subcommands, ...c.positional])}'`);
    for (const o of c.options) {
      const long = o.flag.replace(/^--/, '');
      if (!SAFE.test(long)) continue;
      const value = o.values === undefined ? '' : o.path ? ' -rF' : o.values.length > 0 ? ` -xa '${words(o.values)}'` : ' -x';
      lines.push(`complete -c sm-ir -n '${when}' -l ${long}${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
