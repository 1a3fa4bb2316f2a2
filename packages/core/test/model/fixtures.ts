/** The schema vectors of the model tests, from the shared fixtures package. */
export { parseKeepingBigInts, vector, vectors } from '@ocispec/test-fixtures';
