/**
 * Splits a command line typed in the command panel into arguments, the way a shell would for the
 * simple cases only: whitespace separates, '…' and "…" group, a backslash escapes the next character
 * outside single quotes. There is no shell behind the panel, so pipes, redirects and variables are
 * plain characters here; the engine runs kubectl with exactly these arguments.
 */
export type SplitResult = { ok: true; args: string[] } | { ok: false; error: string };

export function splitCommandLine(line: string): SplitResult {
  const args: string[] = [];
  let current = '';
  // Tracks whether a word was started, so '' yields an empty argument rather than nothing.
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) {
        quote = null;
      } else if (ch === '\\' && quote === '"' && i + 1 < line.length) {
        i += 1;
        current += line[i];
      } else {
        current += ch;
      }
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      i += 1;
      current += line[i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `unterminated ${quote === "'" ? 'single' : 'double'} quote` };
  if (inWord) args.push(current);
  return { ok: true, args };
}

/**
 * What the panel sends to terminal.run: the line must start with `kubectl`, because only kubectl runs
 * there; saying so beats letting `ls` turn into a confusing `kubectl ls` error.
 */
export function kubectlArgs(line: string): SplitResult {
  const split = splitCommandLine(line);
  if (!split.ok) return split;
  if (split.args.length === 0) return { ok: false, error: 'type a kubectl command, e.g. kubectl get pods' };
  if (split.args[0] !== 'kubectl')
    return { ok: false, error: `only kubectl runs here (no shell): "${split.args[0]}" is not kubectl` };
  if (split.args.length === 1) return { ok: false, error: 'kubectl needs a command, e.g. kubectl get pods' };
  return split;
}
