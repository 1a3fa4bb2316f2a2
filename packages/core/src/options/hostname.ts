/** `hostname` and `domainname`. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { defineOpt } from '../registry.js';

/**
 * Sets `hostname`; `""` removes it (Go's empty string is omitted). Creates nothing else. Any OS.
 * containerd: `oci.WithHostname`
 */
export function withHostname(name: string): SpecOpt {
  return specOpt('withHostname', (spec) => {
    if (name !== '') spec.hostname = name;
    else if (spec.hostname !== undefined) delete spec.hostname;
  });
}

export const withHostnameDefinition = defineOpt({
  name: 'withHostname',
  args: z.tuple([z.string()]),
  factory: withHostname,
  doc: 'Sets hostname ("" clears it).',
  containerd: 'oci.WithHostname',
});

/**
 * Sets `domainname`; `""` removes it (Go's empty string is omitted). Creates nothing else. Any OS.
 * containerd: `oci.WithDomainname`
 */
export function withDomainname(name: string): SpecOpt {
  return specOpt('withDomainname', (spec) => {
    if (name !== '') spec.domainname = name;
    else if (spec.domainname !== undefined) delete spec.domainname;
  });
}

export const withDomainnameDefinition = defineOpt({
  name: 'withDomainname',
  args: z.tuple([z.string()]),
  factory: withDomainname,
  doc: 'Sets domainname ("" clears it).',
  containerd: 'oci.WithDomainname',
});
