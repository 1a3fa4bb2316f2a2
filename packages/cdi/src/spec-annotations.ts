/**
 * The rules for the `annotations` of a CDI spec or device: Kubernetes' annotation rules (keys are qualified
 * names, case-insensitively, with an optional DNS subdomain prefix; keys and values together at most 256 KiB),
 * with Kubernetes' texts. container-device-interface: `internal/validation` (adapted from
 * k8s.io/apimachinery's `ValidateAnnotations`).
 */

import { compareUtf8 } from '@ocispec/core/internal';

/** The largest total size of all keys and values, in bytes. */
export const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

const QUALIFIED_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FORMAT}$`);
const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`);
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

function regexError(message: string, format: string, ...examples: string[]): string {
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join('or ')}regex used for validation is '${format}')`;
}

const NAME_REGEX_ERROR = regexError(
  QUALIFIED_NAME_MESSAGE,
  QUALIFIED_NAME_FORMAT,
  'MyName',
  'my.name',
  '123-abc',
);

/** Why `value` is not a Kubernetes qualified name (`[prefix/]name`); empty when it is. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${NAME_REGEX_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errors: string[] = [];
  const name = parts.length === 1 ? parts[0]! : parts[1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else {
      if (Buffer.byteLength(prefix) > 253) errors.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN.test(prefix)) {
        errors.push(
          `prefix part ${regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, 'example.com')}`,
        );
      }
    }
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (Buffer.byteLength(name) > 63) errors.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${NAME_REGEX_ERROR}`);
  return errors;
}

/** One problem with an annotation map: the key it concerns (none for the size limit) and the text. */
export interface AnnotationProblem {
  readonly key?: string;
  readonly message: string;
}

/**
 * The problems of an annotation map whose owner is `name` (a spec's kind or a device's qualified name), in key
 * order, each worded as Kubernetes words it: `vendor.com/dev.annotations.bad key is invalid: name part must …`.
 */
export function annotationProblems(
  name: string,
  annotations: Readonly<Record<string, string>> | undefined,
): AnnotationProblem[] {
  if (annotations === undefined) return [];
  const path = name === '' ? 'annotations' : `${name}.annotations`;
  const problems: AnnotationProblem[] = [];
  let size = 0;
  for (const key of Object.keys(annotations).sort(compareUtf8)) {
    size += Buffer.byteLength(key) + Buffer.byteLength(annotations[key]!);
    // Case does not matter: keys are checked lower-cased.
    for (const message of qualifiedNameErrors(key.toLowerCase())) {
      problems.push({ key, message: `${path}.${key} is invalid: ${message}` });
    }
  }
  if (size > ANNOTATIONS_SIZE_LIMIT) {
    problems.push({
      message: `${path} is too long: annotations size ${size} is larger than limit ${ANNOTATIONS_SIZE_LIMIT}`,
    });
  }
  return problems;
}
