/**
 * `@finpersona/plugin-sdk/tensorflow` — the one way FinPersona code and first-party plugins load
 * TensorFlow.js. A subpath of its own, so the plugin run-time bundle (`runtime.ts`) never pulls TF.js in.
 *
 * `loadTensorflow()` gives the TF.js namespace (core ops, training, and the layers API as in the umbrella
 * `@tensorflow/tfjs` package) on the fastest backend that works here:
 * - `tensorflow`: native `@tensorflow/tfjs-node`, only when it is installed and loads. It is never a
 *   dependency: its binary is downloaded at install time from a host build machines may not reach.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm`, its `.wasm` files read from that package's own `dist/`.
 * - `cpu`: `@tensorflow/tfjs-backend-cpu`, plain JavaScript, always available.
 * `FINPERSONA_TF_BACKEND` (`native` | `wasm` | `cpu`) replaces `auto`. An explicit preference that cannot be
 * met is an error (a benchmark comparing backends must not silently measure another one).
 *
 * Ops are called as functions (`tf.add(a, b)`), not chained (`a.add(b)`): the CommonJS build of tfjs-core
 * does not register the chained methods (the umbrella package, which would, drags in webgl and the converter).
 *
 * The TF.js engine is one per process: the backend chosen last is the one every caller computes on.
 * One TF.js version for the whole workspace, pinned exactly in this package's dependencies.
 */
import * as tfjsCore from '@tensorflow/tfjs-core';
import * as tfjsLayers from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';

export type TensorflowPreference = 'auto' | 'native' | 'wasm' | 'cpu';
export type TensorflowBackend = 'tensorflow' | 'wasm' | 'cpu';

/** TF.js core and layers in one namespace, as `import * as tf from '@tensorflow/tfjs'` would give. */
export type Tensorflow = typeof tfjsCore & typeof tfjsLayers;

export interface LoadedTensorflow {
  readonly tf: Tensorflow;
  readonly backend: TensorflowBackend;
}

const tf: Tensorflow = { ...tfjsCore, ...tfjsLayers };
// Production mode: no development warnings on stdout (e.g. the cpu backend's advice to install tfjs-node,
// printed into command output such as the evaluation report).
tfjsCore.env().set('PROD', true);
const preferences: readonly TensorflowPreference[] = ['auto', 'native', 'wasm', 'cpu'];

/** The directory holding the wasm backend's `.wasm` files, found through Node's resolution (dist or source). */
function wasmDirectory(): string {
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

let nativeTried: Promise<boolean> | undefined;

/** Registers the native backend when `@tensorflow/tfjs-node` is installed and its binary loads. */
function tryNative(): Promise<boolean> {
  nativeTried ??= (async () => {
    // A variable, so neither TypeScript nor a bundler treats the optional package as a dependency.
    const nativePackage = '@tensorflow/tfjs-node';
    try {
      await import(nativePackage);
      return tfjsCore.findBackendFactory('tensorflow') !== null;
    } catch {
      return false;
    }
  })();
  return nativeTried;
}

let wasmPathSet = false;

async function use(backend: TensorflowBackend): Promise<boolean> {
  if (backend === 'wasm' && !wasmPathSet) {
    setWasmPaths(wasmDirectory());
    wasmPathSet = true;
  }
  if (tfjsCore.getBackend() === backend) return true;
  try {
    return await tfjsCore.setBackend(backend);
  } catch {
    return false;
  }
}

/** Reads `FINPERSONA_TF_BACKEND` (fails fast naming the variable when it holds something else). */
function preferenceFromEnvironment(): TensorflowPreference {
  const value = process.env.FINPERSONA_TF_BACKEND?.trim();
  if (!value) return 'auto';
  if (!preferences.includes(value as TensorflowPreference)) {
    throw new Error(`FINPERSONA_TF_BACKEND must be one of ${preferences.join(', ')} (it is "${value}")`);
  }
  return value as TensorflowPreference;
}

/**
 * Loads TF.js on the preferred backend: `auto` (the default; `FINPERSONA_TF_BACKEND` overrides it) tries
 * native, then wasm, then cpu. An explicit `native`, `wasm` or `cpu` that cannot start throws.
 */
export async function loadTensorflow(preference: TensorflowPreference = 'auto'): Promise<LoadedTensorflow> {
  const wanted = preference === 'auto' ? preferenceFromEnvironment() : preference;
  if (wanted === 'native') {
    if ((await tryNative()) && (await use('tensorflow'))) return { tf, backend: 'tensorflow' };
    throw new Error(
      'The native TensorFlow backend is not available: install @tensorflow/tfjs-node 4.22.0, or use wasm or cpu',
    );
  }
  if (wanted === 'wasm' || wanted === 'cpu') {
    if (await use(wanted)) return { tf, backend: wanted };
    throw new Error(`The ${wanted} TensorFlow backend did not start; try another (FINPERSONA_TF_BACKEND)`);
  }
  if ((await tryNative()) && (await use('tensorflow'))) return { tf, backend: 'tensorflow' };
  if (await use('wasm')) return { tf, backend: 'wasm' };
  if (await use('cpu')) return { tf, backend: 'cpu' };
  throw new Error('No TensorFlow backend started (native, wasm and cpu all failed)');
}
