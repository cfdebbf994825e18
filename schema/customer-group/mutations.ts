import { builder } from '#schema/builder.ts';
import { CustomerGroup } from '#schema/customer-group/types.ts';
import { rowIdOf, rowIdOrNull, withoutNulls } from '#schema/global-ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '#src/errors.ts';
import { createCustomerGroup, MAX_SPLIT_PARTS, splitCustomerGroup, type SplitResult } from '#src/services/customer-groups.ts';
import {
  addCustomerGroupMembers,
  MAX_CSV_BYTES,
  MAX_UNKNOWN_LISTED,
  type AddMembersResult,
} from '#src/services/customer-group-members.ts';

const CreateCustomerGroupInput = builder.inputType('CreateCustomerGroupInput', {
  fields: (t) => ({ name: t.string({ required: true, description: 'Unique in the workspace' }) }),
});

const AccountOpenidsInput = builder.inputType('AccountOpenidsInput', {
  fields: (t) => ({
    accountId: t.id({ required: true }),
    openids: t.stringList({ required: true }),
  }),
});

const AddCustomerGroupMembersInput = builder.inputType('AddCustomerGroupMembersInput', {
  description: 'Exactly one of customerIds, openids or csv',
  fields: (t) => ({
    groupId: t.id({ required: true }),
    customerIds: t.idList({ description: 'Customer ids' }),
    openids: t.field({ type: AccountOpenidsInput, description: 'Openids of followers of one account' }),
    csv: t.field({
      type: 'File',
      description: `A CSV or text file (at most ${MAX_CSV_BYTES / 1024 / 1024} MB; UTF-8, or UTF-16 with a byte order mark as Excel's "Unicode text"), one id per line, cells separated by comma, semicolon or tab, optional header (openid, unionid or id) naming the column to read, else the first: each id is an openid of csvAccountId or a unionid`,
    }),
    csvAccountId: t.id({ description: 'The account whose openids the CSV lists; without it rows are unionids only' }),
  }),
});

const SplitCustomerGroupInput = builder.inputType('SplitCustomerGroupInput', {
  fields: (t) => ({
    groupId: t.id({ required: true }),
    parts: t.int({ required: true, description: `Number of parts, 2 to ${MAX_SPLIT_PARTS}; at most the member count` }),
    seed: t.string({ description: 'Reproduces an earlier split of the same members; generated when omitted' }),
    namePrefix: t.string({ description: 'Parts are named "<namePrefix> · k/n"; default the group\'s name' }),
  }),
});

const CustomerGroupMembersAdded = builder.objectRef<AddMembersResult>('CustomerGroupMembersAdded').implement({
  fields: (t) => ({
    group: t.prismaField({
      type: CustomerGroup,
      resolve: (query, result, _args, ctx) => ctx.db.customerGroup.findUniqueOrThrow({ ...query, where: { id: result.groupId } }),
    }),
    received: t.exposeInt('received', { description: 'Ids (or non-blank CSV rows) received: added + alreadyMembers + unknownCount' }),
    added: t.exposeInt('added', { description: 'New members' }),
    alreadyMembers: t.exposeInt('alreadyMembers', {
      description: 'Ids naming a customer who was a member already, or whom an earlier id (a repeat, or the same customer by openid and unionid) added',
    }),
    unknown: t.exposeStringList('unknown', {
      description: `Ids that matched nothing, as given, in input order (the first ${MAX_UNKNOWN_LISTED}); a CSV row without an id is listed as the whole row`,
    }),
    unknownCount: t.exposeInt('unknownCount', { description: 'Ids that matched nothing' }),
  }),
});

const CustomerGroupSplit = builder.objectRef<SplitResult>('CustomerGroupSplit').implement({
  fields: (t) => ({
    seed: t.exposeString('seed', { description: 'Splitting the same members with this seed gives the same parts' }),
    group: t.prismaField({
      type: CustomerGroup,
      resolve: (query, split, _args, ctx) => ctx.db.customerGroup.findUniqueOrThrow({ ...query, where: { id: split.groupId } }),
    }),
    parts: t.prismaField({
      type: [CustomerGroup],
      resolve: (query, split, _args, ctx) =>
        ctx.db.customerGroup.findMany({ ...query, where: { id: { in: split.partIds } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createCustomerGroup: t.prismaField({
    type: CustomerGroup,
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, ConflictError] },
    args: { input: t.arg({ type: CreateCustomerGroupInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const group = await createCustomerGroup(ctx.db, input);
      return ctx.db.customerGroup.findUniqueOrThrow({ ...query, where: { id: group.id } });
    },
  }),
  addCustomerGroupMembers: t.field({
    type: CustomerGroupMembersAdded,
    description: 'Adds customers to a static group by customer ids, by openids of an account, or from a CSV upload',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: AddCustomerGroupMembersInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { groupId, customerIds, openids, csv, csvAccountId } = input;
      // Undecodable customer ids get a key no uuid can equal, so they come back as unknown, as given.
      const givenByKey = new Map<string, string>();
      const keys = customerIds?.map((given) => {
        const key = rowIdOrNull('Customer', given) ?? `!${String(given)}`;
        givenByKey.set(key, String(given));
        return key;
      });
      const result = await addCustomerGroupMembers({ db: ctx.db, importPool: ctx.app.importPool }, rowIdOf('CustomerGroup', groupId), {
        ...withoutNulls({ customerIds: keys, csv }),
        ...(openids ? { openids: { accountId: rowIdOf('Account', openids.accountId), openids: openids.openids } } : {}),
        ...(csvAccountId !== null && csvAccountId !== undefined ? { csvAccountId: rowIdOf('Account', csvAccountId) } : {}),
      });
      return { ...result, unknown: result.unknown.map((key) => givenByKey.get(key) ?? key) };
    },
  }),
  splitCustomerGroup: t.field({
    type: CustomerGroupSplit,
    description: 'Splits a group at random into disjoint parts of equal size (±1), reproducibly by seed',
    authScopes: { scope: 'write' },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: SplitCustomerGroupInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { groupId, parts, ...rest } = input;
      return splitCustomerGroup(ctx.db, rowIdOf('CustomerGroup', groupId), { parts, ...withoutNulls(rest) });
    },
  }),
}));
