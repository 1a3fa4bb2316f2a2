/** The annotation steps of a container, the same on linux and windows. */
import type { CriStep } from '../plan.js';
import { annotationSteps, defaultCRIAnnotations, passthroughAnnotations } from '../steps/annotations.js';
import type { ContainerContext } from './context.js';

/**
 * The pod's and the container's annotations that the runtime handler passes through (`pod_annotations`,
 * `container_annotations` patterns), one step each, pod first.
 */
export function passthroughAnnotationSteps(c: ContainerContext): CriStep[] {
  return [
    ...annotationSteps(
      'podAnnotation',
      passthroughAnnotations(c.sandboxConfig?.annotations, c.runtime.podAnnotations),
    ),
    ...annotationSteps(
      'containerAnnotation',
      passthroughAnnotations(c.config.annotations, c.runtime.containerAnnotations),
    ),
  ];
}

/**
 * The container-name annotation: the CRI metadata's name, as containerd's `CreateContainer` passes it
 * (`containerName := metadata.Name`); not the reserved `<name>_<pod>_<ns>_<uid>_<attempt>` name.
 */
function containerName(c: ContainerContext): string {
  return c.input.containerName ?? c.config.metadata?.name ?? '';
}

function imageName(c: ContainerContext): string {
  return c.input.imageName ?? (c.config.image?.userSpecifiedImage || c.config.image?.image || '');
}

/** The CRI annotations every container gets (`DefaultCRIAnnotations`), one step each. */
export function criAnnotationSteps(c: ContainerContext): CriStep[] {
  const sandboxId = c.input.sandboxId ?? 'sandbox';
  return annotationSteps(
    'annotation',
    defaultCRIAnnotations(sandboxId, containerName(c), imageName(c), c.sandboxConfig, false),
  );
}
