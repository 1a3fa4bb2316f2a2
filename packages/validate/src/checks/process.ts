/** `process`: args, cwd, env, capabilities, rlimits, user, scheduler, I/O priority, labels. */
import { knownCapabilities } from '@ocispec/linux';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, envKey, int, intEq, isAbsOn, isNumberList, obj, q, str, strings } from '../util.js';

const KNOWN_CAPS: ReadonlySet<string> = new Set(knownCapabilities);
/** The capability sets of `process.capabilities`. */
export const CAP_SETS = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;

const LINUX_RLIMITS: ReadonlySet<string> = new Set(
  'RLIMIT_AS RLIMIT_CORE RLIMIT_CPU RLIMIT_DATA RLIMIT_FSIZE RLIMIT_LOCKS RLIMIT_MEMLOCK RLIMIT_MSGQUEUE RLIMIT_NICE RLIMIT_NOFILE RLIMIT_NPROC RLIMIT_RSS RLIMIT_RTPRIO RLIMIT_RTTIME RLIMIT_SIGPENDING RLIMIT_STACK'.split(
    ' ',
  ),
);
const SOLARIS_RLIMITS: ReadonlySet<string> = new Set(
  'RLIMIT_CORE RLIMIT_CPU RLIMIT_DATA RLIMIT_FSIZE RLIMIT_NOFILE RLIMIT_STACK RLIMIT_AS'.split(' '),
);
const POLICIES: ReadonlySet<string> = new Set(
  'SCHED_OTHER SCHED_FIFO SCHED_RR SCHED_BATCH SCHED_ISO SCHED_IDLE SCHED_DEADLINE'.split(' '),
);
const SCHED_FLAGS: ReadonlySet<string> = new Set(
  'SCHED_FLAG_RESET_ON_FORK SCHED_FLAG_RECLAIM SCHED_FLAG_DL_OVERRUN SCHED_FLAG_KEEP_POLICY SCHED_FLAG_KEEP_PARAMS SCHED_FLAG_UTIL_CLAMP_MIN SCHED_FLAG_UTIL_CLAMP_MAX'.split(
    ' ',
  ),
);
const IO_CLASSES: ReadonlySet<string> = new Set(['IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE']);
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `user:role:type[:level]`, the level possibly holding `:` (`s0:c1,c2`, `s0-s0:c0.c1023`). */
const SELINUX_LABEL = /^[^:\s]+:[^:\s]+:[^:\s]+(?::\S+)?$/;

/** `KEY=VALUE` checks shared by process and hook env. */
export function checkEnv(
  ctx: CheckContext,
  list: unknown,
  base: string,
  rule: 'env-format' | 'hook-env-format',
): void {
  const seen = rule === 'env-format' ? new Set<string>() : undefined;
  for (const [entry, i] of strings(list)) {
    const key = envKey(entry);
    if (key === undefined) {
      emit(ctx, rule, `${base}/${i}`, `${q(entry)} is not KEY=VALUE`);
      continue;
    }
    if (seen === undefined) continue;
    if (!ENV_KEY.test(key)) {
      emit(
        ctx,
        'env-key-portable',
        `${base}/${i}`,
        `env key ${q(key)} is not made of letters, digits and _ (or starts with a digit)`,
      );
    }
    if (seen.has(key))
      emit(
        ctx,
        'env-duplicate',
        `${base}/${i}`,
        `env key ${q(key)} is set more than once; the last value wins`,
      );
    else seen.add(key);
  }
}

export function checkSelinuxLabel(
  ctx: CheckContext,
  label: unknown,
  pointer: string,
  rule: 'selinux-label' | 'mount-label',
): void {
  const value = str(label);
  if (value === undefined || value === '') return;
  if (!SELINUX_LABEL.test(value))
    emit(ctx, rule, pointer, `${q(value)} is not an SELinux label user:role:type[:level]`);
}

function capabilityHint(name: string): string {
  if (name.startsWith('CAP_CAP_') && KNOWN_CAPS.has(name.slice(4)))
    return ` (did you mean ${name.slice(4)}?)`;
  const upper = name.toUpperCase();
  if (KNOWN_CAPS.has(`CAP_${upper}`)) return ` (did you mean CAP_${upper}?)`;
  if (KNOWN_CAPS.has(upper)) return ` (did you mean ${upper}?)`;
  return '';
}

/** Each known capability's bit in a {@link CapMask} (at most 64 capabilities): its index in `knownCapabilities`. */
export const CAP_BIT: ReadonlyMap<string, number> = new Map(knownCapabilities.map((name, i) => [name, i]));

/** The known capabilities of one set as two 32-bit words; unknown names are kept apart. */
interface CapMask {
  lo: number;
  hi: number;
  readonly list: readonly unknown[];
}

function hasCap(mask: CapMask, name: string): boolean {
  const bit = CAP_BIT.get(name);
  if (bit === undefined) return mask.list.includes(name);
  return ((bit < 32 ? mask.lo : mask.hi) & (1 << (bit & 31))) !== 0;
}

/** Checks one set's names (unknown, duplicated) and returns its mask. */
function checkCapabilitySet(ctx: CheckContext, setName: string, list: readonly unknown[]): CapMask {
  const mask: CapMask = { lo: 0, hi: 0, list };
  let unknown: Set<string> | undefined;
  for (let i = 0; i < list.length; i++) {
    const name = list[i];
    if (typeof name !== 'string') continue;
    const bit = CAP_BIT.get(name);
    let duplicate: boolean;
    if (bit === undefined) {
      emit(
        ctx,
        'capability-unknown',
        `/process/capabilities/${setName}/${i}`,
        `unknown capability ${q(name)}${capabilityHint(name)}`,
      );
      unknown ??= new Set();
      duplicate = unknown.has(name);
      unknown.add(name);
    } else {
      const flag = 1 << (bit & 31);
      const word = bit < 32 ? mask.lo : mask.hi;
      duplicate = (word & flag) !== 0;
      if (bit < 32) mask.lo = word | flag;
      else mask.hi = word | flag;
    }
    if (duplicate)
      emit(ctx, 'capability-duplicate', `/process/capabilities/${setName}/${i}`, `${name} is listed twice`);
  }
  return mask;
}

const NO_CAPS: CapMask = { lo: 0, hi: 0, list: [] };

function checkCapabilities(ctx: CheckContext, caps: Obj): void {
  const masks = new Map<string, CapMask>();
  for (const setName of CAP_SETS) {
    const list = arr(caps[setName]);
    if (list !== undefined) masks.set(setName, checkCapabilitySet(ctx, setName, list));
  }
  const permitted = masks.get('permitted') ?? NO_CAPS;
  const inheritable = masks.get('inheritable') ?? NO_CAPS;
  const effective = masks.get('effective');
  if (effective !== undefined && effective.list !== permitted.list) {
    const list = effective.list;
    for (let i = 0; i < list.length; i++) {
      const name = list[i];
      if (typeof name === 'string' && !hasCap(permitted, name)) {
        emit(
          ctx,
          'capability-effective-permitted',
          `/process/capabilities/effective/${i}`,
          `${name} is effective but not permitted`,
        );
      }
    }
  }
  const ambient = masks.get('ambient')?.list ?? [];
  for (let i = 0; i < ambient.length; i++) {
    const name = ambient[i];
    if (typeof name === 'string' && (!hasCap(permitted, name) || !hasCap(inheritable, name))) {
      emit(
        ctx,
        'capability-ambient',
        `/process/capabilities/ambient/${i}`,
        `ambient ${name} must also be permitted and inheritable`,
      );
    }
  }
}

function checkRlimits(ctx: CheckContext, list: readonly unknown[]): void {
  const os = ctx.platform.os;
  const known = os === 'solaris' ? SOLARIS_RLIMITS : os === 'windows' ? undefined : LINUX_RLIMITS;
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const rlimit = obj(list[i]);
    if (rlimit === undefined) continue;
    const pointer = `/process/rlimits/${i}`;
    const type = str(rlimit.type);
    if (type !== undefined) {
      if (known !== undefined && !known.has(type))
        emit(ctx, 'rlimit-type-unknown', `${pointer}/type`, `unknown rlimit type ${q(type)}`);
      if (seen.has(type)) emit(ctx, 'rlimit-duplicate', `${pointer}/type`, `rlimit ${type} is set twice`);
      seen.add(type);
    }
    const soft = int(rlimit.soft);
    const hard = int(rlimit.hard);
    if (soft !== undefined && hard !== undefined && soft > hard) {
      emit(
        ctx,
        'rlimit-soft-hard',
        `${pointer}/soft`,
        `soft limit ${q(soft)} is above the hard limit ${q(hard)}`,
      );
    }
  }
}

function checkScheduler(ctx: CheckContext, sched: Obj): void {
  const base = '/process/scheduler';
  const policy = str(sched.policy);
  if (policy !== undefined && !POLICIES.has(policy))
    emit(ctx, 'scheduler-policy', `${base}/policy`, `unknown scheduler policy ${q(policy)}`);
  for (const [flag, i] of strings(sched.flags)) {
    if (!SCHED_FLAGS.has(flag))
      emit(ctx, 'scheduler-policy', `${base}/flags/${i}`, `unknown scheduler flag ${q(flag)}`);
  }
  const nice = int(sched.nice);
  if (nice !== undefined && (nice < -20 || nice > 19))
    emit(ctx, 'scheduler-nice', `${base}/nice`, `nice ${q(nice)} is outside -20..19`);
  const priority = int(sched.priority);
  if (priority !== undefined && priority !== 0) {
    const realtime = policy === 'SCHED_FIFO' || policy === 'SCHED_RR';
    if (realtime && (priority < 1 || priority > 99)) {
      emit(ctx, 'scheduler-priority', `${base}/priority`, `priority ${q(priority)} is outside 1..99`);
    } else if (!realtime && policy !== 'SCHED_DEADLINE' && policy !== undefined) {
      emit(
        ctx,
        'scheduler-priority',
        `${base}/priority`,
        `priority is only used by SCHED_FIFO and SCHED_RR, not ${policy}`,
      );
    }
  }
  if (policy === 'SCHED_DEADLINE') {
    const runtime = int(sched.runtime) ?? 0;
    const deadline = int(sched.deadline) ?? 0;
    const period = int(sched.period) ?? 0;
    const effectivePeriod = intEq(period, 0) ? deadline : period;
    if (intEq(runtime, 0) || runtime > deadline || deadline > effectivePeriod) {
      emit(
        ctx,
        'scheduler-deadline',
        base,
        `SCHED_DEADLINE needs 0 < runtime ≤ deadline ≤ period, got ${q(runtime)}, ${q(deadline)}, ${q(period)}`,
      );
    }
  }
}

export function checkProcess(ctx: CheckContext, process: Obj): void {
  const windows = ctx.platform.os === 'windows';
  const args = arr(process.args);
  if (args !== undefined && args.length === 0) {
    emit(ctx, 'args-empty', '/process/args', 'process.args needs at least one entry');
  } else if (process.args == null && !(windows && str(process.commandLine))) {
    emit(
      ctx,
      'args-missing',
      '/process/args',
      windows ? 'no process.args nor process.commandLine' : 'no process.args',
    );
  }
  const cwd = str(process.cwd);
  if (process.cwd === undefined || (cwd !== undefined && !isAbsOn(windows, cwd))) {
    emit(
      ctx,
      'cwd-absolute',
      '/process/cwd',
      `cwd ${cwd === undefined ? 'is missing' : `${q(cwd)} is not an absolute path`}`,
    );
  }
  checkEnv(ctx, process.env, '/process/env', 'env-format');
  if (process.consoleSize != null && process.terminal !== true)
    emit(ctx, 'console-size-ignored', '/process/consoleSize', 'consoleSize is ignored: terminal is not true');
  const caps = obj(process.capabilities);
  if (caps !== undefined) checkCapabilities(ctx, caps);
  const rlimits = arr(process.rlimits);
  if (rlimits !== undefined) checkRlimits(ctx, rlimits);
  const oom = int(process.oomScoreAdj);
  if (oom !== undefined && (oom < -1000 || oom > 1000))
    emit(ctx, 'oom-score-adj-range', '/process/oomScoreAdj', `oomScoreAdj ${q(oom)} is outside -1000..1000`);
  const user = obj(process.user);
  const umask = user === undefined ? undefined : int(user.umask);
  if (umask !== undefined && umask > 0o777)
    emit(ctx, 'umask-range', '/process/user/umask', `umask ${q(umask)} is above 0777 (511)`);
  checkSelinuxLabel(ctx, process.selinuxLabel, '/process/selinuxLabel', 'selinux-label');
  const sched = obj(process.scheduler);
  if (sched !== undefined) checkScheduler(ctx, sched);
  const io = obj(process.ioPriority);
  if (io !== undefined) {
    const cls = str(io.class);
    if (cls !== undefined && !IO_CLASSES.has(cls))
      emit(ctx, 'io-priority', '/process/ioPriority/class', `unknown I/O priority class ${q(cls)}`);
    const p = int(io.priority);
    if (p !== undefined && (p < 0 || p > 7))
      emit(ctx, 'io-priority', '/process/ioPriority/priority', `I/O priority ${q(p)} is outside 0..7`);
  }
  const affinity = obj(process.execCPUAffinity);
  if (affinity !== undefined) {
    for (const key of ['initial', 'final'] as const) {
      const list = str(affinity[key]);
      if (list !== undefined && list !== '' && !isNumberList(list.replace(/\s+/g, ''))) {
        emit(
          ctx,
          'exec-cpu-affinity',
          `/process/execCPUAffinity/${key}`,
          `${q(list)} is not a CPU list like 0-3,7`,
        );
      }
    }
  }
}
