/**
 * @ocispec/cdi: the Container Device Interface. Reads CDI spec files (YAML or JSON) from spec directories as
 * the reference Go library does, resolves qualified device names (`vendor.com/class=name`) and injects their
 * container edits into OCI specs; `cdi.k8s.io/` annotations; `withCDIDevices` and the `cdi` plugin.
 */
export {
  ANNOTATION_PREFIX,
  type AnnotatedDevices,
  annotationKey,
  annotationValue,
  parseAnnotations,
  requestedDevices,
  updateAnnotations,
} from './annotations.js';
export { CdiCache, type CdiCacheOptions, type ResolvedDevice } from './cache.js';
export {
  type ApplyOptions,
  applyContainerEdits,
  type EditableSpec,
  mergeContainerEdits,
} from './container-edits.js';
export {
  CdiError,
  type CdiErrorCode,
  type CdiErrorDetails,
  type CdiLocation,
  UnresolvableDevicesError,
} from './errors.js';
export {
  allValid,
  type DeviceList,
  type ListedDevice,
  listDevices,
  type SpecFileReport,
  validateSpecDir,
  validateSpecFile,
  validateSpecText,
} from './inspect.js';
export { type CdiSource, cdiOptions, injectCDIDevices, withCDIDevices } from './options.js';
export { cdiPlugin } from './plugin.js';
export {
  classNameProblem,
  deviceNameProblem,
  isQualifiedName,
  parseDevice,
  parseQualifiedName,
  parseQualifier,
  type QualifiedDevice,
  qualifiedName,
  qualifiedNameProblem,
  vendorNameProblem,
} from './qualified-name.js';
export {
  type CdiSpecFile,
  parseSpec,
  qualifiedDeviceNames,
  readSpecFile,
  type SpecSourceOptions,
  specFromObject,
} from './spec.js';
export {
  DEFAULT_DYNAMIC_DIR,
  DEFAULT_SPEC_DIRS,
  DEFAULT_STATIC_DIR,
  type SpecDirsScan,
  type SpecFileEntry,
  scanSpecDirs,
} from './spec-dirs.js';
export type {
  CdiDevice,
  CdiHook,
  CdiMount,
  CdiSpec,
  ContainerEdits,
  DeviceNode,
  IntelRdt,
  NetDevice,
} from './types.js';
export {
  containerEditsProblem,
  HOOK_NAMES,
  NO_PERMISSIONS,
  type SpecProblem,
  specProblem,
} from './validate.js';
export {
  CDI_VERSIONS,
  CURRENT_CDI_VERSION,
  EARLIEST_CDI_VERSION,
  minimumRequiredVersion,
  versionProblem,
} from './version.js';
