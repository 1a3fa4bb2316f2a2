import { OcispecError } from './errors.js';

/** containerd's namespace identifier rule (`pkg/identifiers`): alphanumerics joined by single `.`, `_` or `-`. */
const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$/;
const MAX_LENGTH = 76;

/**
 * Returns the namespace when it is set and valid, with containerd's errors otherwise
 * (`namespaces.NamespaceRequired`): `namespace is required: failed precondition`, or
 * `namespace validation: identifier "x" must match …: invalid argument`.
 */
export function namespaceRequired(namespace: string | undefined): string {
  if (namespace === undefined || namespace === '') {
    throw new OcispecError('NAMESPACE_REQUIRED', 'namespace is required: failed precondition');
  }
  validateIdentifier(namespace);
  return namespace;
}

/** containerd's `identifiers.Validate`. */
export function validateIdentifier(id: string): void {
  if (id.length > MAX_LENGTH) {
    throw new OcispecError(
      'NAMESPACE_REQUIRED',
      `namespace validation: identifier "${id}" greater than maximum length (${MAX_LENGTH} characters): invalid argument`,
    );
  }
  if (!IDENTIFIER.test(id)) {
    throw new OcispecError(
      'NAMESPACE_REQUIRED',
      `namespace validation: identifier "${id}" must match ${IDENTIFIER.source}: invalid argument`,
    );
  }
}
