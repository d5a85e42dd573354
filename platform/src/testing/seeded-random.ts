/**
 * mulberry32 for generated tests (a failing case is replayed by running again with the seed the failure
 * names): the SDK's one copy, re-exported where the platform's tests have always found it.
 */
export { seededRandom } from '@finpersona/plugin-sdk';
