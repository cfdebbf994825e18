import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/** The root operation kinds and their fields, as the schema declares them. */
export function rootFields(schema: GraphQLSchema) {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  return roots.flatMap(([operation, type]) => Object.values(type?.getFields() ?? {}).map((field) => ({ operation, field })));
}

/** Where an argument value sits: the argument's name, then input fields and list indexes. */
export type ArgPath = (string | number)[];

/**
 * Every place in a field's arguments whose named type is `scalar` (ID, String…), inside input
 * objects and lists too; a list is entered at index 0.
 */
export function argPathsOfScalar(field: GraphQLField<unknown, unknown>, scalar: string): ArgPath[] {
  const paths: ArgPath[] = [];
  const walk = (type: GraphQLInputType, path: ArgPath, seen: Set<string>) => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return walk(nullable.ofType, [...path, 0], seen);
    if (isInputObjectType(nullable)) {
      if (seen.has(nullable.name)) return;
      for (const inner of Object.values(nullable.getFields())) walk(inner.type, [...path, inner.name], new Set([...seen, nullable.name]));
      return;
    }
    if (isScalarType(nullable) && nullable.name === scalar) paths.push(path);
  };
  for (const arg of field.args) walk(arg.type, [arg.name], new Set());
  return paths;
}

/** A deep copy of `vars` with `value` at `path` (intermediate objects and lists created). */
export function withValueAt(vars: Record<string, unknown>, path: ArgPath, value: unknown): Record<string, unknown> {
  const copy = structuredCloneKeepingBlobs(vars) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = path[index + 1];
    if (node[key] === null || node[key] === undefined) node[key] = typeof next === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  return copy;
}

function structuredCloneKeepingBlobs(value: unknown): unknown {
  if (value instanceof Blob || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(structuredCloneKeepingBlobs);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, structuredCloneKeepingBlobs(inner)]));
}

/**
 * A selection of everything a client could read from `type`, `depth` levels down: scalar fields,
 * objects, every member of unions and interfaces (so error results show their fields), skipping
 * fields with required arguments. Enough to see any data an answer carries.
 */
export function selectionOf(schema: GraphQLSchema, type: GraphQLNamedType, depth = 4): string {
  if (isScalarType(type) || isEnumType(type)) return '';
  if (depth === 0) return '{ __typename }';
  const fieldsOf = (object: GraphQLNamedType, conflicting: Set<string> = new Set()) => {
    if (!isObjectType(object) && !isInterfaceType(object)) return '';
    return Object.values(object.getFields())
      .filter((field) => !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
      .map((field) => {
        const named = getNamedType(field.type);
        const alias = conflicting.has(field.name) ? `${object.name}_${field.name}: ` : '';
        return `${alias}${field.name} ${selectionOf(schema, named, depth - 1)}`.trim();
      })
      .join(' ');
  };
  if (isObjectType(type)) return `{ __typename ${fieldsOf(type)} }`;
  const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type as never);
  // Members may share a field name with different types (Account.type, Card.type): one query
  // cannot select both under one name, so those get an alias per member.
  const typesByName = new Map<string, Set<string>>();
  for (const member of members) {
    for (const field of Object.values(member.getFields())) {
      typesByName.set(field.name, (typesByName.get(field.name) ?? new Set()).add(String(field.type)));
    }
  }
  const conflicting = new Set([...typesByName].filter(([, types]) => types.size > 1).map(([name]) => name));
  return `{ __typename ${members.map((member) => `... on ${member.name} { __typename ${fieldsOf(member, conflicting)} }`).join(' ')} }`;
}

/** An operation calling one root field with every argument passed as a variable of its own. */
export function operationFor(
  schema: GraphQLSchema,
  operation: string,
  field: GraphQLField<unknown, unknown>,
  depth = 4,
  selection = selectionOf(schema, getNamedType(field.type), depth),
): string {
  const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passing = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${operation} Hostile${declarations ? `(${declarations})` : ''} { ${field.name}${passing ? `(${passing})` : ''} ${selection} }`;
}
