import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

declare global {
  // Read by the wasm glue when Rust panics; without it a panic surfaces as
  // "Cannot read properties of undefined (reading 'set_message')" (STACK-NOTES §1).
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let lastPanic: string | undefined;
let gluePromise: Promise<Glue> | undefined;

/**
 * Loads @prisma/schema-engine-wasm once per process. Its entry imports the .wasm file as an ES
 * module, which plain Node 20 cannot do without --experimental-wasm-modules, so we import the
 * JS glue ourselves, instantiate the wasm with the glue as its import object and start it.
 */
function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const glue: Glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  gluePromise.catch(() => {
    gluePromise = undefined; // let a later call retry instead of caching the failure
  });
  return gluePromise;
}

/** The Prisma schema files the engine works with (path is only used in its messages). */
export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * Opens a schema engine on `factory`, runs `fn`, and frees the engine. Engine errors become
 * plain Errors whose message is the engine's user-facing text (plus a Rust panic, if any).
 */
export async function withSchemaEngine<T>(
  schema: SchemaFile,
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadGlue();
  lastPanic = undefined;
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      () => {}, // engine tracing logs: not useful to wxcast's users
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (error) {
    throw engineError(error);
  }
  try {
    return await fn(engine);
  } catch (error) {
    throw engineError(error);
  } finally {
    engine.free();
  }
}

/** Normalises what the wasm engine throws (Error, string or a JSON-ish object) into an Error. */
function engineError(error: unknown): Error {
  const panic = lastPanic;
  lastPanic = undefined;
  let message: string;
  if (error instanceof Error) message = error.message;
  else if (typeof error === 'string') message = error;
  else {
    const record = error as { message?: unknown; error?: unknown } | null;
    message = typeof record?.message === 'string' ? record.message : typeof record?.error === 'string' ? record.error : JSON.stringify(error);
  }
  const result = new Error(panic ? `${message} (schema engine panic: ${panic})` : message, { cause: error });
  return result;
}
