/** `windows`: CPU limits (mutually exclusive, in HCS's 0..10000 ranges) and the network namespace setting. */
import type { CheckContext, Obj } from '../util.js';
import { emit, int, obj, q } from '../util.js';

/** HCS's processor weight and maximum (cycles per 10,000): 0..10000. Beyond uint16, the schema check reports. */
const CPU_SCALE = 10000;
const UINT16_MAX = 65535;
const NETWORK_SETTINGS = [
  'endpointList',
  'allowUnqualifiedDNSQuery',
  'DNSSearchList',
  'networkSharedContainerName',
];

function checkCpu(ctx: CheckContext, cpu: Obj): void {
  const base = '/windows/resources/cpu';
  const set = (['count', 'shares', 'maximum'] as const).filter((key) => cpu[key] != null);
  if (set.length > 1)
    emit(ctx, 'windows-cpu-exclusive', base, `${set.join(', ')} are mutually exclusive: set one`);
  const shares = int(cpu.shares);
  if (shares !== undefined && shares > CPU_SCALE && shares <= UINT16_MAX)
    emit(ctx, 'windows-cpu-range', `${base}/shares`, `shares ${q(shares)} is outside 0..${CPU_SCALE}`);
  const maximum = int(cpu.maximum);
  if (maximum !== undefined && maximum > CPU_SCALE && maximum <= UINT16_MAX)
    emit(ctx, 'windows-cpu-range', `${base}/maximum`, `maximum ${q(maximum)} is outside 0..${CPU_SCALE}`);
}

export function checkWindows(ctx: CheckContext, windows: Obj): void {
  const cpu = obj(obj(windows.resources)?.cpu);
  if (cpu !== undefined) checkCpu(ctx, cpu);
  const network = obj(windows.network);
  if (network === undefined || (network.networkNamespace ?? '') === '') return;
  const others = NETWORK_SETTINGS.filter((key) => {
    const value = network[key];
    return value != null && value !== false && value !== '' && !(Array.isArray(value) && value.length === 0);
  });
  if (others.length > 0)
    emit(
      ctx,
      'windows-network-namespace',
      '/windows/network/networkNamespace',
      `with networkNamespace set, ${others.join(', ')} must not be`,
    );
}
