/** A sandbox's annotation steps, the same on linux and windows. */
import { DEFAULT_SANDBOX_IMAGE } from '../defaults.js';
import type { CriStep } from '../plan.js';
import { annotationSteps, defaultCRIAnnotations, passthroughAnnotations } from '../steps/annotations.js';
import type { SandboxContext } from './context.js';

/** The pod's annotations the runtime handler passes through (`pod_annotations` patterns), one step each. */
export function podAnnotationSteps(c: SandboxContext): CriStep[] {
  return annotationSteps(
    'podAnnotation',
    passthroughAnnotations(c.config.annotations, c.input.runtime?.podAnnotations),
  );
}

/** The CRI annotations every sandbox gets (`DefaultCRIAnnotations`, the pause image's name), one step each. */
export function criAnnotationSteps(c: SandboxContext): CriStep[] {
  const image = c.cri.sandboxImage ?? DEFAULT_SANDBOX_IMAGE;
  return annotationSteps('annotation', defaultCRIAnnotations(c.id, '', image, c.config, true));
}
