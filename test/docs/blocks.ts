/**
 * The fenced blocks of a Markdown document, with what their fence info says about running them.
 *
 * A fence's info is `LANG [attribute...] [no-run — reason]` (test/docs/README.md lists them). Renderers use only
 * the first word, so the attributes cost readers nothing.
 */

/** One fenced block. */
export interface DocBlock {
  /** The document, relative to the repository root (`docs/cli.md`). */
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence info's first word, lower-cased (`''` for an untagged fence). */
  readonly lang: string;
  /** The whole fence info, as written. */
  readonly info: string;
  /** The block's content, with the fence's indentation removed and a final newline. */
  readonly text: string;
  /** `file=NAME`: the content is also the file NAME of the document's working directory. */
  readonly file: string | undefined;
  /** `continues`: a module sample that runs after the module sample before it, in the same module. */
  readonly continues: boolean;
  /** `output` (on a `text` block): the exact output of the block before it. */
  readonly output: boolean;
  /** `exit=N`: the exit status a shell block ends with (default 0). */
  readonly exit: number;
  /** `ci`: a shell block of set-up steps that `.ci/run` runs on a fresh machine, not this suite. */
  readonly ci: boolean;
  /** `fragment` (on a data block): part of a spec (a merge fragment, a layer), parsed but not validated whole. */
  readonly fragment: boolean;
  /** `no-run — reason`: the block is not run (it is still parsed); the reason says why. */
  readonly noRun: string | undefined;
}

const FENCE = /^( {0,12})(`{3,}|~{3,})(.*)$/;

/** Every fenced block of `markdown`, in order. Throws on a fence info it cannot read, naming the line. */
export function parseBlocks(markdown: string, doc: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const close = FENCE.exec(line);
      if (
        close !== null &&
        close[2]!.startsWith(fence) &&
        close[2]![0] === fence[0] &&
        close[3]!.trim() === ''
      )
        break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    if (j === lines.length) throw new Error(`${doc}:${i + 1}: the fence opened here is never closed`);
    blocks.push(block(doc, i + 1, info.trim(), body.length === 0 ? '' : `${body.join('\n')}\n`));
    i = j;
  }
  return blocks;
}

function block(doc: string, line: number, info: string, text: string): DocBlock {
  const where = `${doc}:${line}`;
  const noRunAt = info.search(/(^|\s)no-run(\s|:|$)/);
  const head = noRunAt === -1 ? info : info.slice(0, noRunAt);
  let noRun: string | undefined;
  if (noRunAt !== -1) {
    noRun = info
      .slice(noRunAt)
      .trim()
      .replace(/^no-run\s*[—–:-]*\s*/, '')
      .trim();
    if (noRun === '') throw new Error(`${where}: "no-run" needs a reason ("no-run — needs a GPU")`);
  }
  const [lang = '', ...attributes] = head.trim().split(/\s+/).filter(Boolean);
  let file: string | undefined;
  let continues = false;
  let output = false;
  let exit = 0;
  let ci = false;
  let fragment = false;
  for (const attribute of attributes) {
    const [key, value] = attribute.split('=', 2) as [string, string | undefined];
    if (key === 'file' && value !== undefined && value !== '') file = value;
    else if (key === 'exit' && value !== undefined && /^\d+$/.test(value)) exit = Number(value);
    else if (attribute === 'continues') continues = true;
    else if (attribute === 'output') output = true;
    else if (attribute === 'ci') ci = true;
    else if (attribute === 'fragment') fragment = true;
    else
      throw new Error(
        `${where}: unknown fence attribute "${attribute}" (known: file=NAME, continues, output, exit=N, ci, fragment, no-run — reason)`,
      );
  }
  return {
    doc,
    line,
    lang: lang.toLowerCase(),
    info,
    text,
    file,
    continues,
    output,
    exit,
    ci,
    fragment,
    noRun,
  };
}
