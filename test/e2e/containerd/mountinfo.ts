/** `/proc/<pid>/mountinfo` lines (proc(5)): each mount's point (octal escapes decoded) and per-mount options. */
export interface MountEntry {
  readonly mountPoint: string;
  readonly options: string;
}

export function parseMountinfo(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields[4] !== undefined)
    .map((fields) => ({
      mountPoint: fields[4]!.replace(/\\(\d{3})/g, (_, o: string) =>
        String.fromCharCode(Number.parseInt(o, 8)),
      ),
      options: fields[5] ?? '',
    }));
}
