/* eslint-disable */
import * as types from './graphql.ts';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation EmbeddedBind($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": typeof types.EmbeddedBindDocument,
    "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }": typeof types.EmbeddedAccountsDocument,
    "\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n": typeof types.SchedulePingDocument,
    "\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n": typeof types.JobProgressDocument,
    "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.BindAccountDocument,
    "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n    }\n  }\n": typeof types.UpdateAccountDocument,
    "\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n": typeof types.UnbindAccountDocument,
    "\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n": typeof types.AccountsDocument,
    "\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n": typeof types.AccountNodeDocument,
    "query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }": typeof types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": typeof types.BindForScopesDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": typeof types.CampaignsDocument,
    "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n": typeof types.CampaignNodeDocument,
    "\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateCustomerGroupDocument,
    "\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n": typeof types.AddCustomerGroupMembersDocument,
    "\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.SplitCustomerGroupDocument,
    "\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n": typeof types.GroupCountsDocument,
    "\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n": typeof types.GroupMembersDocument,
    "\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n": typeof types.CustomerGroupsDocument,
    "\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error } } }\n": typeof types.JobNodeDocument,
    "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.BindMiniProgramDocument,
    "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n": typeof types.MiniProgramsDocument,
};
const documents: Documents = {
    "\n  mutation EmbeddedBind($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": types.EmbeddedBindDocument,
    "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }": types.EmbeddedAccountsDocument,
    "\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n": types.SchedulePingDocument,
    "\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n": types.JobProgressDocument,
    "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.BindAccountDocument,
    "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n    }\n  }\n": types.UpdateAccountDocument,
    "\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n": types.UnbindAccountDocument,
    "\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n": types.AccountsDocument,
    "\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n": types.AccountNodeDocument,
    "query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }": types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n": types.RevokeApiKeyDocument,
    "\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": types.BindForScopesDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": types.CampaignsDocument,
    "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n": types.CampaignNodeDocument,
    "\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateCustomerGroupDocument,
    "\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n": types.AddCustomerGroupMembersDocument,
    "\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n": types.SplitCustomerGroupDocument,
    "\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n": types.GroupCountsDocument,
    "\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n": types.GroupMembersDocument,
    "\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n": types.CustomerGroupsDocument,
    "\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error } } }\n": types.JobNodeDocument,
    "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.BindMiniProgramDocument,
    "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n": types.MiniProgramsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedBind($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation EmbeddedBind($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }"): (typeof documents)["query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n"): (typeof documents)["\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n"): (typeof documents)["\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n"): (typeof documents)["\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n"): (typeof documents)["\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n"): (typeof documents)["\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }"): (typeof documents)["query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n"): (typeof documents)["\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n"): (typeof documents)["\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n"): (typeof documents)["\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n"): (typeof documents)["\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n"): (typeof documents)["\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n"): (typeof documents)["\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error } } }\n"): (typeof documents)["\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n"): (typeof documents)["\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;