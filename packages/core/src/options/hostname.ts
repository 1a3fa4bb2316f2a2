/** `hostname` and `domainname`. */
import { z } from 'zod';
import { defineOpt } from '../define.js';

/**
 * Sets `hostname`; `""` removes it (Go's empty string is omitted). Creates nothing else. Any OS.
 * containerd: `oci.WithHostname`
 */
export const withHostname = defineOpt({
  name: 'withHostname',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `hostname`; `""` removes it (Go\'s empty string is omitted).',
  containerd: 'oci.WithHostname',
  apply(spec, _ctx, name) {
    if (name !== '') spec.hostname = name;
    else if (spec.hostname !== undefined) delete spec.hostname;
  },
});

/**
 * Sets `domainname`; `""` removes it (Go's empty string is omitted). Creates nothing else. Any OS.
 * containerd: `oci.WithDomainname`
 */
export const withDomainname = defineOpt({
  name: 'withDomainname',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `domainname`; `""` removes it (Go\'s empty string is omitted).',
  containerd: 'oci.WithDomainname',
  apply(spec, _ctx, name) {
    if (name !== '') spec.domainname = name;
    else if (spec.domainname !== undefined) delete spec.domainname;
  },
});
