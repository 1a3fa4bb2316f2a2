/** `linux.resources`: memory, device cgroup rules, blkio, cpu, hugepages, unified. */
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, isNumberList, obj, ptr, q, str } from '../util.js';

const HUGEPAGE = /^\d+(?:KB|MB|GB|TB|PB)$/;
const UNIFIED_KEY = /^[a-z0-9_]+\.[A-Za-z0-9_.-]+$/;

function checkMemory(ctx: CheckContext, memory: Obj): void {
  const base = '/linux/resources/memory';
  const limit = int(memory.limit);
  const reservation = int(memory.reservation);
  const swap = int(memory.swap);
  if (limit !== undefined && limit > 0 && reservation !== undefined && reservation > limit) {
    emit(
      ctx,
      'memory-reservation',
      `${base}/reservation`,
      `reservation ${q(reservation)} is above the limit ${q(limit)}`,
    );
  }
  if (limit !== undefined && limit > 0 && swap !== undefined && swap > 0 && swap < limit) {
    emit(
      ctx,
      'memory-swap',
      `${base}/swap`,
      `swap (memory+swap) ${q(swap)} is below the memory limit ${q(limit)}`,
    );
  }
  for (const key of ['limit', 'reservation', 'swap', 'kernel', 'kernelTCP'] as const) {
    const value = int(memory[key]);
    if (value !== undefined && value < -1)
      emit(ctx, 'memory-limit-value', `${base}/${key}`, `${key} ${q(value)}: bytes, or -1 for unlimited`);
  }
  for (const key of ['kernel', 'kernelTCP'] as const) {
    if (memory[key] != null)
      emit(
        ctx,
        'memory-kernel',
        `${base}/${key}`,
        `${key} is NOT RECOMMENDED: cgroup v2 has no such limit and runc ignores it`,
      );
  }
  const swappiness = int(memory.swappiness);
  if (swappiness !== undefined && swappiness > 100)
    emit(ctx, 'memory-swappiness', `${base}/swappiness`, `swappiness ${q(swappiness)} is above 100`);
}

function checkDeviceRules(ctx: CheckContext, list: readonly unknown[]): void {
  for (let i = 0; i < list.length; i++) {
    const rule = obj(list[i]);
    if (rule === undefined) continue;
    const base = `/linux/resources/devices/${i}`;
    const type = str(rule.type);
    if (type !== undefined && type !== '' && type !== 'a' && type !== 'b' && type !== 'c') {
      emit(ctx, 'device-cgroup-rule', `${base}/type`, `device rule type ${q(type)} is not a, b or c`);
    }
    const access = str(rule.access);
    if (rule.access == null || access === '')
      emit(
        ctx,
        'device-cgroup-access',
        `${base}/access`,
        'no access: runc refuses a device rule without r, w or m',
      );
    if (access !== undefined && !/^(?!.*(.).*\1)[rwm]*$/.test(access)) {
      emit(
        ctx,
        'device-cgroup-rule',
        `${base}/access`,
        `device rule access ${q(access)} is not made of r, w, m`,
      );
    }
  }
}

function checkWeight(ctx: CheckContext, value: unknown, pointer: string): void {
  const weight = int(value);
  if (weight !== undefined && weight !== 0 && (weight < 10 || weight > 1000))
    emit(ctx, 'blkio-weight', pointer, `weight ${q(weight)} is outside 10..1000`);
}

/** The CFS bandwidth (period 1 ms..1 s, quota -1 or ≥ 1 ms, burst ≤ quota), the RT budget, idle, cpusets. */
function checkCpu(ctx: CheckContext, cpu: Obj): void {
  const base = '/linux/resources/cpu';
  const period = int(cpu.period);
  if (period !== undefined && Number(period) !== 0 && (period < 1000 || period > 1000000))
    emit(ctx, 'cpu-period', `${base}/period`, `period ${q(period)} µs is outside 1000..1000000`);
  const quota = int(cpu.quota);
  const quotaUs = quota === undefined ? 0 : Number(quota);
  if (quotaUs !== 0 && quotaUs !== -1 && quotaUs < 1000)
    emit(ctx, 'cpu-quota', `${base}/quota`, `quota ${q(quota)} µs: -1 (unlimited) or at least 1000`);
  const burst = int(cpu.burst);
  if (burst !== undefined && quotaUs > 0 && Number(burst) > quotaUs)
    emit(ctx, 'cpu-burst', `${base}/burst`, `burst ${q(burst)} µs is larger than the quota ${q(quota)} µs`);
  const rtRuntime = int(cpu.realtimeRuntime);
  const rtPeriod = int(cpu.realtimePeriod);
  if (
    rtRuntime !== undefined &&
    rtPeriod !== undefined &&
    Number(rtPeriod) > 0 &&
    Number(rtRuntime) > Number(rtPeriod)
  )
    emit(
      ctx,
      'cpu-realtime',
      `${base}/realtimeRuntime`,
      `realtimeRuntime ${q(rtRuntime)} µs is larger than realtimePeriod ${q(rtPeriod)} µs`,
    );
  const idle = int(cpu.idle);
  if (idle !== undefined && Number(idle) !== 0 && Number(idle) !== 1)
    emit(ctx, 'cpu-idle', `${base}/idle`, `idle ${q(idle)} is not 0 or 1`);
  for (const key of ['cpus', 'mems'] as const) {
    const list = str(cpu[key]);
    if (list !== undefined && list !== '' && !isNumberList(list))
      emit(ctx, 'cpuset-list', `${base}/${key}`, `${q(list)} is not a list like 0-3,5`);
  }
}

export function checkResources(ctx: CheckContext, resources: Obj): void {
  const memory = obj(resources.memory);
  if (memory !== undefined) checkMemory(ctx, memory);
  const devices = arr(resources.devices);
  if (devices !== undefined) checkDeviceRules(ctx, devices);
  const blkio = obj(resources.blockIO);
  if (blkio !== undefined) {
    checkWeight(ctx, blkio.weight, '/linux/resources/blockIO/weight');
    checkWeight(ctx, blkio.leafWeight, '/linux/resources/blockIO/leafWeight');
    const list = arr(blkio.weightDevice) ?? [];
    for (let i = 0; i < list.length; i++) {
      const wd = obj(list[i]);
      if (wd === undefined) continue;
      const base = `/linux/resources/blockIO/weightDevice/${i}`;
      if (wd.weight == null && wd.leafWeight == null)
        emit(ctx, 'blkio-weight-device', base, 'weightDevice needs weight or leafWeight');
      checkWeight(ctx, wd.weight, `${base}/weight`);
      checkWeight(ctx, wd.leafWeight, `${base}/leafWeight`);
    }
  }
  const cpu = obj(resources.cpu);
  if (cpu !== undefined) checkCpu(ctx, cpu);
  const rdma = obj(resources.rdma);
  if (rdma !== undefined) {
    for (const device in rdma) {
      const limits = obj(rdma[device]);
      if (limits !== undefined && limits.hcaHandles == null && limits.hcaObjects == null)
        emit(
          ctx,
          'rdma-limit',
          ptr('/linux/resources/rdma', device),
          'an rdma entry needs hcaHandles or hcaObjects',
        );
    }
  }
  const hugepages = arr(resources.hugepageLimits) ?? [];
  for (let i = 0; i < hugepages.length; i++) {
    const page = obj(hugepages[i]);
    const size = page === undefined ? undefined : str(page.pageSize);
    if (size !== undefined && !HUGEPAGE.test(size))
      emit(
        ctx,
        'hugepage-size',
        `/linux/resources/hugepageLimits/${i}/pageSize`,
        `${q(size)} is not a page size like 2MB`,
      );
  }
  const unified = obj(resources.unified);
  if (unified !== undefined) {
    for (const key in unified) {
      if (!UNIFIED_KEY.test(key))
        emit(
          ctx,
          'unified-key',
          ptr('/linux/resources/unified', key),
          `${q(key)} is not a cgroup v2 file name controller.file`,
        );
    }
  }
}
