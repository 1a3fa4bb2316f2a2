/** `etc/passwd` and `etc/group` lines from entries, in the format the user options parse (getpwent's). */

/** One `etc/passwd` line. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** Default `x`. */
  readonly password?: string;
  readonly gecos?: string;
  /** Default `/`. */
  readonly home?: string;
  /** Default `/bin/sh`. */
  readonly shell?: string;
}

/** One `etc/group` line. */
export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  /** Default `x`. */
  readonly password?: string;
  /** The group's members, by user name. */
  readonly members?: readonly string[];
}

/** The text of an `etc/passwd` file. */
export function passwdText(entries: readonly PasswdEntry[]): string {
  return entries
    .map(
      (e) =>
        `${e.name}:${e.password ?? 'x'}:${e.uid}:${e.gid}:${e.gecos ?? ''}:${e.home ?? '/'}:${e.shell ?? '/bin/sh'}\n`,
    )
    .join('');
}

/** The text of an `etc/group` file. */
export function groupText(entries: readonly GroupEntry[]): string {
  return entries
    .map((e) => `${e.name}:${e.password ?? 'x'}:${e.gid}:${(e.members ?? []).join(',')}\n`)
    .join('');
}
