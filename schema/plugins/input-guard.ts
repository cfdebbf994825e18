import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import { ValidationError } from '#src/errors.ts';
import { asGivenId } from '#schema/global-ids.ts';
import { argumentIssues, type CursorKind } from '#schema/plugins/input-checks.ts';

declare global {
  // Pothos finds plugins through this interface (its documented way of registering one).
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      inputGuard: InputGuardPlugin<Types>;
    }
  }
}

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

/**
 * Checks every field's arguments before its resolver runs (see argumentIssues: NUL characters,
 * page sizes, cursors) and throws a ValidationError naming each offending argument. Listed last
 * among the builder's plugins, it runs inside the errors plugin, so a field with typed error
 * results answers with its ValidationError result and any other field with a VALIDATION error.
 *
 * It also makes a NotFoundError name the id as the client sent it: services report the row id
 * they looked up, and the global id that decoded to it is found among the field's arguments.
 */
export class InputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    const cursors = cursorKindOf(fieldConfig);
    return (parent, args, context, info) => guarded(() => resolver(parent, args, context, info), args, info, cursors);
  }

  override wrapSubscribe(subscribe: Resolver<Types> | undefined, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> | undefined {
    if (!subscribe || Object.keys(fieldConfig.args).length === 0) return subscribe;
    const cursors = cursorKindOf(fieldConfig);
    return (parent, args, context, info) => guarded(() => subscribe(parent, args, context, info), args, info, cursors);
  }
}

const pluginName = 'inputGuard';
SchemaBuilder.registerPlugin(pluginName, InputGuardPlugin);
export default pluginName;

const cursorKindOf = <Types extends SchemaTypes>(fieldConfig: PothosOutputFieldConfig<Types>): CursorKind =>
  fieldConfig.extensions?.pagingCursor === 'opaque' ? 'opaque' : 'uuid';

function guarded(run: () => unknown, args: object, info: GraphQLResolveInfo, cursors: CursorKind): unknown {
  const definitions = info.parentType.getFields()[info.fieldName]?.args ?? [];
  const issues = argumentIssues(definitions, args as Record<string, unknown>, cursors);
  if (issues.length > 0) throw new ValidationError(issues);
  const rename = (error: unknown) => {
    throw asGivenId(error, globalIdsIn(args));
  };
  try {
    const result = run();
    return result instanceof Promise ? result.catch(rename) : result;
  } catch (error) {
    return rename(error);
  }
}

/** Every string among the argument values, nested ones included (ids are among them). */
function globalIdsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(globalIdsIn);
  if (value && typeof value === 'object' && typeof (value as Blob).arrayBuffer !== 'function') return Object.values(value).flatMap(globalIdsIn);
  return [];
}
