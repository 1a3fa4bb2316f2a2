/** Windows command-line quoting (Go's `golang.org/x/sys/windows.EscapeArg`), for `withImageConfigArgs`'s windows branch. */

const BACKSLASH = '\\';
const QUOTE = '"';

/**
 * Quotes one argument for a Windows command line the way `CommandLineToArgvW` reads it back, exactly as Go's
 * `windows.EscapeArg`:
 * - `""` gives `""` (two quote characters);
 * - a string without `"`, `\`, space or tab is returned unchanged;
 * - otherwise each `"` becomes `\"`, and the run of backslashes right before it is doubled; backslashes elsewhere
 *   are kept as they are; a string holding a space or tab is wrapped in quotes, with its trailing backslashes
 *   doubled so that the closing quote stays a quote.
 *
 * Only ASCII characters are special, so working on UTF-16 code units gives Go's byte-wise result.
 * containerd: `windows.EscapeArg` (golang.org/x/sys)
 */
export function escapeArg(s: string): string {
  if (s.length === 0) return '""';
  let special = false;
  let hasSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === QUOTE || c === BACKSLASH) special = true;
    else if (c === ' ' || c === '\t') hasSpace = true;
  }
  if (!special && !hasSpace) return s;
  let out = hasSpace ? QUOTE : '';
  let slashes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === BACKSLASH) {
      slashes++;
    } else if (c === QUOTE) {
      out += BACKSLASH.repeat(slashes + 1);
      slashes = 0;
    } else {
      slashes = 0;
    }
    out += c;
  }
  if (hasSpace) out += BACKSLASH.repeat(slashes) + QUOTE;
  return out;
}

/**
 * Escapes each argument with {@link escapeArg} and joins them with single spaces.
 * containerd: `oci.escapeAndCombineArgs`
 */
export function escapeAndCombineArgs(args: readonly string[]): string {
  return args.map(escapeArg).join(' ');
}
