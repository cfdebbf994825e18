import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

declare global {
  // Read by the wasm glue when Rust panics; without it a panic surfaces as
  // "Cannot read properties of undefined (reading 'set_message')".
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
 * Opens a schema engine on `factory`, runs `fn`, frees the engine and disposes every connection
 * it opened (the wasm engine disposes shadow connections but never its main one, whose pool
 * would otherwise linger). Engine errors become {@link SchemaEngineError}s.
 */
export async function withSchemaEngine<T>(
  schema: SchemaFile,
  factory: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadGlue();
  lastPanic = undefined;
  const tracked = trackConnections(factory);
  try {
    let engine: SchemaEngine;
    try {
      engine = await glue.SchemaEngine.new(
        { datamodels: [[schema.path, schema.content]] },
        () => {}, // engine tracing logs: not useful to wxcast's users
        bindMigrationAwareSqlAdapterFactory(tracked.factory),
      );
    } catch (error) {
      throw engineError(error);
    }
    try {
      return await fn(engine);
    } catch (error) {
      throw engineError(error);
    } finally {
      try {
        engine.free();
      } catch {
        // After a Rust panic the engine is still "borrowed" and cannot be freed; it is abandoned,
        // and this must not hide the panic itself.
      }
    }
  } finally {
    await tracked.disposeAll();
  }
}

/** Wraps `factory` so that every connection it hands out is disposed exactly once, at the latest by disposeAll(). */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    open.add(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    } satisfies SqlMigrationAwareDriverAdapterFactory,
    async disposeAll() {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
  };
}

/** An engine failure: the engine's user-facing message, and its error code (e.g. P3009) if any. */
export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Normalises what the wasm engine throws into a {@link SchemaEngineError}. Its messages end with a
 * Rust span trace ("   0: sql_schema_connector::…"), which says nothing to a wxcast user: cut it.
 */
function engineError(error: unknown): SchemaEngineError {
  if (error instanceof SchemaEngineError) return error;
  const panic = lastPanic;
  lastPanic = undefined;
  let message: string;
  if (error instanceof Error) message = error.message;
  else if (typeof error === 'string') message = error;
  else message = JSON.stringify(error);
  message = message.replace(/\n\s+0: [\s\S]*$/, '').trim();
  if (panic) message = `${message} (schema engine panic: ${panic})`;
  const code = (error as { code?: unknown } | null)?.code;
  return new SchemaEngineError(message, typeof code === 'string' ? code : undefined, { cause: error });
}
