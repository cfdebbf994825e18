import { GraphQLError } from 'graphql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';

type ArmorOptions = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;
type RejectCallbacks = NonNullable<NonNullable<ArmorOptions['maxDepth']>['onReject']>;

/** The query limits: refused before anything runs, each with a code of its own. */
export const QUERY_LIMITS = { maxDepth: 12, maxCost: 20000, maxAliases: 30, maxTokens: 1000, maxDirectives: 50 } as const;

/**
 * graphql-armor words every refusal as "Syntax Error: …" with no code, as if the query could not
 * be parsed. Each limit's refusal is restated as what it is: its own message and code (for example
 * MAX_DEPTH_EXCEEDED), thrown in place of armor's error.
 */
const refuseWith = (code: string): RejectCallbacks => [
  (_context, error) => {
    throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } });
  },
];

/** The armor envelop plugin with wxcast's limits and refusals. */
export function armorPlugin() {
  return EnvelopArmorPlugin({
    maxDepth: { n: QUERY_LIMITS.maxDepth, onReject: refuseWith('MAX_DEPTH_EXCEEDED') },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, onReject: refuseWith('MAX_COST_EXCEEDED') },
    maxAliases: { n: QUERY_LIMITS.maxAliases, onReject: refuseWith('MAX_ALIASES_EXCEEDED') },
    maxTokens: { n: QUERY_LIMITS.maxTokens, onReject: refuseWith('MAX_TOKENS_EXCEEDED') },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, onReject: refuseWith('MAX_DIRECTIVES_EXCEEDED') },
  });
}
