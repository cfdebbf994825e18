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
    "\n  query DemoAccounts { accounts(first: 5) { totalCount edges { node { id appId type name bound } } } }\n": typeof types.DemoAccountsDocument,
    "\n  mutation EmbeddedBind($input: BindAccountInput!) {\n    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }\n  }\n": typeof types.EmbeddedBindDocument,
    "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }": typeof types.EmbeddedAccountsDocument,
    "query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }": typeof types.EmbeddedMaterialsDocument,
    "\n  query WeChatEvents($accountId: ID!, $type: String, $first: Int, $after: String) {\n    wechatEvents(accountId: $accountId, type: $type, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { type msgId handling handlingError handlerAttempts handledAt } }\n    }\n  }\n": typeof types.WeChatEventsDocument,
    "\n  mutation CreateBroadcast($input: CreateBroadcastInput!) {\n    createBroadcast(input: $input) {\n      __typename\n      ... on CreateBroadcastSuccess { data { id name state version tasks { id position audience audienceSize } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on ContentError { path problem }\n      ... on AbTestAudienceError { path }\n      ... on AbTestContentError { path }\n      ... on AbTestPercentageError { path }\n      ... on AbTestLeadTimeError { path }\n      ... on AbTestRemainderTimeError { path }\n    }\n  }\n": typeof types.CreateBroadcastDocument,
    "\n  mutation UpdateBroadcast($input: UpdateBroadcastInput!) {\n    updateBroadcast(input: $input) {\n      __typename\n      ... on UpdateBroadcastSuccess { data { id name state version tasks { id position audience sendAt abTest { sendAt } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { givenVersion currentVersion }\n      ... on ContentError { path problem }\n      ... on AbTestTimeLockedError { path }\n      ... on AbTestLeadTimeError { path }\n    }\n  }\n": typeof types.UpdateBroadcastDocument,
    "\n  mutation DeleteBroadcast($input: DeleteBroadcastInput!) {\n    deleteBroadcast(input: $input) { __typename ... on DeleteBroadcastSuccess { data } ... on Error { message } ... on StaleVersionError { currentVersion } }\n  }\n": typeof types.DeleteBroadcastDocument,
    "\n  query BroadcastNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Broadcast {\n        id name state version campaign { id }\n        tasks {\n          id position name audience groups slotState sendAt audienceSize recipientsAtMonthlyLimit reachableSize\n          content { kind text imageId cardId news { materialId changed articles { materialId index coverImageId } } }\n          abTest { position percentage sendAt slotState news { materialId } }\n        }\n      }\n    }\n  }\n": typeof types.BroadcastNodeDocument,
    "\n  query Broadcasts($accountId: ID!, $filter: BroadcastFilter, $first: Int, $after: String) {\n    broadcasts(accountId: $accountId, filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name state } }\n    }\n  }\n": typeof types.BroadcastsDocument,
    "\n  mutation AddComparisonGroup($input: AddComparisonGroupInput!) {\n    addComparisonGroup(input: $input) {\n      __typename\n      ... on AddComparisonGroupSuccess { data { id position audience audienceSize } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n": typeof types.AddComparisonGroupDocument,
    "\n  mutation RemoveBroadcastTask($input: RemoveBroadcastTaskInput!) {\n    removeBroadcastTask(input: $input) {\n      __typename\n      ... on RemoveBroadcastTaskSuccess { data { id version tasks { id } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.RemoveBroadcastTaskDocument,
    "\n  mutation ScheduleBroadcast($input: ScheduleBroadcastInput!) {\n    scheduleBroadcast(input: $input) {\n      __typename\n      ... on ScheduleBroadcastSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on QuotaExceededError { day otherBroadcastId }\n      ... on AbTestTimeLockedError { path }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n": typeof types.ScheduleBroadcastDocument,
    "\n  mutation SendBroadcastNow($input: PlanBroadcastInput!) {\n    sendBroadcastNow(input: $input) {\n      __typename\n      ... on SendBroadcastNowSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on QuotaExceededError { day otherBroadcastId }\n    }\n  }\n": typeof types.SendBroadcastNowDocument,
    "\n  mutation CancelBroadcastSchedule($input: PlanBroadcastInput!) {\n    cancelBroadcastSchedule(input: $input) {\n      __typename\n      ... on CancelBroadcastScheduleSuccess { data { id state version tasks { id sendAt slotState } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CancelBroadcastScheduleDocument,
    "\n  subscription BroadcastStatusChanged($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) { broadcastId state version broadcast { id state } }\n  }\n": typeof types.BroadcastStatusChangedDocument,
    "\n  query Quota($accountId: ID!, $at: DateTime) {\n    quota(accountId: $accountId, at: $at) { accountType period periodStart periodEnd limit used left followersAtLimit plannedSends sendsMade }\n  }\n": typeof types.QuotaDocument,
    "\n  mutation TestSendBroadcast($input: TestSendBroadcastInput!) {\n    testSendBroadcast(input: $input) {\n      __typename\n      ... on TestSendBroadcastSuccess { data { previewsLeftToday previews { recipient byWeChatId msgId error } } }\n      ... on Error { message }\n      ... on PreviewLimitError { remaining }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.TestSendBroadcastDocument,
    "\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n": typeof types.SchedulePingDocument,
    "\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n": typeof types.JobProgressDocument,
    "\n  query SendRecords($broadcastId: ID, $accountId: ID, $first: Int, $after: String) {\n    sendRecords(broadcastId: $broadcastId, accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id state recipientCount batchCount sentCount errorCount filteredOut untaggedCount failureReason\n          task { id position }\n          batches { batchNo state recipientCount attempts clientMsgId msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n        }\n      }\n    }\n  }\n": typeof types.SendRecordsDocument,
    "\n  subscription SendingStatus($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) {\n      broadcastId state version\n      record { recordId taskId state recipientCount batchCount sentCount errorCount filteredOut failureReason }\n    }\n  }\n": typeof types.SendingStatusDocument,
    "\n  subscription BatchResults($broadcastId: ID!) {\n    batchResult(broadcastId: $broadcastId) { recordId batchNo state recipientCount msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n  }\n": typeof types.BatchResultsDocument,
    "\n  query AbTestRecords($broadcastId: ID) {\n    sendRecords(broadcastId: $broadcastId) {\n      edges {\n        node {\n          id state recipientCount sentCount abTestPosition isAbTestRemainder\n          abTestResult { winnerPosition rule missingData variants { position reads delivered readRate } }\n        }\n      }\n    }\n  }\n": typeof types.AbTestRecordsDocument,
    "\n  mutation SyncCardsAfterCrash($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id status } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SyncCardsAfterCrashDocument,
    "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n      ... on WeChatError { message errcode retryable }\n    }\n  }\n": typeof types.BindAccountDocument,
    "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n": typeof types.UpdateAccountDocument,
    "\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n": typeof types.UnbindAccountDocument,
    "\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n": typeof types.AccountsDocument,
    "\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n": typeof types.AccountNodeDocument,
    "query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }": typeof types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation CampaignForScopes($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { id name } } }\n  }\n": typeof types.CampaignForScopesDocument,
    "\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": typeof types.BindForScopesDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": typeof types.CampaignsDocument,
    "\n  mutation CreateCampaignTypename($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }\n": typeof types.CreateCampaignTypenameDocument,
    "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n": typeof types.CampaignNodeDocument,
    "\n  mutation SyncCards($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id kind status account { id } } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.SyncCardsDocument,
    "\n  query Cards($accountId: ID!, $first: Int, $after: String) {\n    cards(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id cardId type title status usable syncedAt account { id } } }\n    }\n  }\n": typeof types.CardsDocument,
    "\n  query CardJob($id: ID!) { node(id: $id) { ... on Job { kind status done total result error } } }\n": typeof types.CardJobDocument,
    "\n  mutation LoadSyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) { __typename ... on SyncFollowersSuccess { data { id } } }\n  }\n": typeof types.LoadSyncFollowersDocument,
    "query LoadAccounts { accounts(first: 5) { totalCount edges { node { id appId } } } }": typeof types.LoadAccountsDocument,
    "query LoadCampaigns($search: String) { campaigns(first: 5, search: $search) { totalCount edges { node { name } } } }": typeof types.LoadCampaignsDocument,
    "\n  mutation LoadCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { name } } }\n  }\n": typeof types.LoadCreateCampaignDocument,
    "query LoadGroups { customerGroups(first: 5) { totalCount } }": typeof types.LoadGroupsDocument,
    "query LoadMaterials($accountId: ID!) { materials(accountId: $accountId, first: 5) { totalCount } }": typeof types.LoadMaterialsDocument,
    "query LoadJob($id: ID!) { node(id: $id) { __typename ... on Job { id status } } }": typeof types.LoadJobDocument,
    "\n  mutation CsvCreateGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) { __typename ... on CreateCustomerGroupSuccess { data { id } } }\n  }\n": typeof types.CsvCreateGroupDocument,
    "\n  mutation CsvImportMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { memberCount } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": typeof types.CsvImportMembersDocument,
    "\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.CreateCustomerGroupDocument,
    "\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n": typeof types.AddCustomerGroupMembersDocument,
    "\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.SplitCustomerGroupDocument,
    "\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n": typeof types.GroupCountsDocument,
    "\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n": typeof types.GroupMembersDocument,
    "\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n": typeof types.CustomerGroupsDocument,
    "\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n": typeof types.CustomersDocument,
    "\n  mutation SyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) {\n      __typename\n      ... on SyncFollowersSuccess { data { id kind status account { id } } }\n      ... on Error { message }\n      ... on NotFoundError { entity }\n    }\n  }\n": typeof types.SyncFollowersDocument,
    "\n  mutation UploadImage($accountId: ID!, $file: File!, $purpose: ImagePurpose!) {\n    uploadImage(accountId: $accountId, file: $file, purpose: $purpose) {\n      __typename\n      ... on UploadImageSuccess { data { id purpose mediaId url filename contentType size createdAt account { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on WeChatError { errcode errmsg }\n    }\n  }\n": typeof types.UploadImageDocument,
    "\n  query Images($accountId: ID!, $first: Int, $after: String) {\n    images(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id purpose filename } }\n    }\n  }\n": typeof types.ImagesDocument,
    "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error attempts history { type attempt } } } }\n": typeof types.JobNodeDocument,
    "mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { __typename } }": typeof types.RevokeKeyDocument,
    "query WhoAmI { viewer { apiKey { prefix } } }": typeof types.WhoAmIDocument,
    "\n  mutation SyncMaterials($accountId: ID!, $count: Int!) {\n    syncMaterials(accountId: $accountId, count: $count) {\n      __typename\n      ... on SyncMaterialsSuccess { data { id kind status } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.SyncMaterialsDocument,
    "\n  mutation RefreshMaterial($id: ID!) {\n    refreshMaterial(id: $id) {\n      __typename\n      ... on RefreshMaterialSuccess { data { id source mediaId title updatedAt syncedAt articles { index title digest author } } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n": typeof types.RefreshMaterialDocument,
    "\n  query Materials($accountId: ID!, $search: String, $first: Int, $after: String, $includeRemoved: Boolean) {\n    materials(accountId: $accountId, search: $search, first: $first, after: $after, includeRemoved: $includeRemoved) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id source mediaId updatedAt syncedAt removedAt title thumbUrl\n          articles { index title author digest thumbUrl url contentSourceUrl showCoverPic content }\n        }\n      }\n    }\n  }\n": typeof types.MaterialsDocument,
    "\n  query MaterialJob($id: ID!) { node(id: $id) { ... on Job { status error result done total } } }\n": typeof types.MaterialJobDocument,
    "\n  query MaterialNode($id: ID!) { node(id: $id) { ... on Material { mediaId } } }\n": typeof types.MaterialNodeDocument,
    "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": typeof types.BindMiniProgramDocument,
    "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n": typeof types.MiniProgramsDocument,
    "query SearchCampaigns($search: String) { campaigns(search: $search, first: 50) { edges { node { name } } } }": typeof types.SearchCampaignsDocument,
    "query SearchGroups($search: String) { customerGroups(search: $search, first: 50) { edges { node { name } } } }": typeof types.SearchGroupsDocument,
    "\n  query SearchMaterials($accountId: ID!, $search: String) {\n    materials(accountId: $accountId, search: $search, first: 50) { edges { node { articles { title digest } } } }\n  }\n": typeof types.SearchMaterialsDocument,
};
const documents: Documents = {
    "\n  query DemoAccounts { accounts(first: 5) { totalCount edges { node { id appId type name bound } } } }\n": types.DemoAccountsDocument,
    "\n  mutation EmbeddedBind($input: BindAccountInput!) {\n    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }\n  }\n": types.EmbeddedBindDocument,
    "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }": types.EmbeddedAccountsDocument,
    "query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }": types.EmbeddedMaterialsDocument,
    "\n  query WeChatEvents($accountId: ID!, $type: String, $first: Int, $after: String) {\n    wechatEvents(accountId: $accountId, type: $type, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { type msgId handling handlingError handlerAttempts handledAt } }\n    }\n  }\n": types.WeChatEventsDocument,
    "\n  mutation CreateBroadcast($input: CreateBroadcastInput!) {\n    createBroadcast(input: $input) {\n      __typename\n      ... on CreateBroadcastSuccess { data { id name state version tasks { id position audience audienceSize } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on ContentError { path problem }\n      ... on AbTestAudienceError { path }\n      ... on AbTestContentError { path }\n      ... on AbTestPercentageError { path }\n      ... on AbTestLeadTimeError { path }\n      ... on AbTestRemainderTimeError { path }\n    }\n  }\n": types.CreateBroadcastDocument,
    "\n  mutation UpdateBroadcast($input: UpdateBroadcastInput!) {\n    updateBroadcast(input: $input) {\n      __typename\n      ... on UpdateBroadcastSuccess { data { id name state version tasks { id position audience sendAt abTest { sendAt } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { givenVersion currentVersion }\n      ... on ContentError { path problem }\n      ... on AbTestTimeLockedError { path }\n      ... on AbTestLeadTimeError { path }\n    }\n  }\n": types.UpdateBroadcastDocument,
    "\n  mutation DeleteBroadcast($input: DeleteBroadcastInput!) {\n    deleteBroadcast(input: $input) { __typename ... on DeleteBroadcastSuccess { data } ... on Error { message } ... on StaleVersionError { currentVersion } }\n  }\n": types.DeleteBroadcastDocument,
    "\n  query BroadcastNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Broadcast {\n        id name state version campaign { id }\n        tasks {\n          id position name audience groups slotState sendAt audienceSize recipientsAtMonthlyLimit reachableSize\n          content { kind text imageId cardId news { materialId changed articles { materialId index coverImageId } } }\n          abTest { position percentage sendAt slotState news { materialId } }\n        }\n      }\n    }\n  }\n": types.BroadcastNodeDocument,
    "\n  query Broadcasts($accountId: ID!, $filter: BroadcastFilter, $first: Int, $after: String) {\n    broadcasts(accountId: $accountId, filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name state } }\n    }\n  }\n": types.BroadcastsDocument,
    "\n  mutation AddComparisonGroup($input: AddComparisonGroupInput!) {\n    addComparisonGroup(input: $input) {\n      __typename\n      ... on AddComparisonGroupSuccess { data { id position audience audienceSize } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n": types.AddComparisonGroupDocument,
    "\n  mutation RemoveBroadcastTask($input: RemoveBroadcastTaskInput!) {\n    removeBroadcastTask(input: $input) {\n      __typename\n      ... on RemoveBroadcastTaskSuccess { data { id version tasks { id } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.RemoveBroadcastTaskDocument,
    "\n  mutation ScheduleBroadcast($input: ScheduleBroadcastInput!) {\n    scheduleBroadcast(input: $input) {\n      __typename\n      ... on ScheduleBroadcastSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on QuotaExceededError { day otherBroadcastId }\n      ... on AbTestTimeLockedError { path }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n": types.ScheduleBroadcastDocument,
    "\n  mutation SendBroadcastNow($input: PlanBroadcastInput!) {\n    sendBroadcastNow(input: $input) {\n      __typename\n      ... on SendBroadcastNowSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on QuotaExceededError { day otherBroadcastId }\n    }\n  }\n": types.SendBroadcastNowDocument,
    "\n  mutation CancelBroadcastSchedule($input: PlanBroadcastInput!) {\n    cancelBroadcastSchedule(input: $input) {\n      __typename\n      ... on CancelBroadcastScheduleSuccess { data { id state version tasks { id sendAt slotState } } }\n      ... on Error { message }\n    }\n  }\n": types.CancelBroadcastScheduleDocument,
    "\n  subscription BroadcastStatusChanged($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) { broadcastId state version broadcast { id state } }\n  }\n": types.BroadcastStatusChangedDocument,
    "\n  query Quota($accountId: ID!, $at: DateTime) {\n    quota(accountId: $accountId, at: $at) { accountType period periodStart periodEnd limit used left followersAtLimit plannedSends sendsMade }\n  }\n": types.QuotaDocument,
    "\n  mutation TestSendBroadcast($input: TestSendBroadcastInput!) {\n    testSendBroadcast(input: $input) {\n      __typename\n      ... on TestSendBroadcastSuccess { data { previewsLeftToday previews { recipient byWeChatId msgId error } } }\n      ... on Error { message }\n      ... on PreviewLimitError { remaining }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.TestSendBroadcastDocument,
    "\n  mutation SchedulePing($input: SchedulePingInput!) {\n    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }\n  }\n": types.SchedulePingDocument,
    "\n  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }\n": types.JobProgressDocument,
    "\n  query SendRecords($broadcastId: ID, $accountId: ID, $first: Int, $after: String) {\n    sendRecords(broadcastId: $broadcastId, accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id state recipientCount batchCount sentCount errorCount filteredOut untaggedCount failureReason\n          task { id position }\n          batches { batchNo state recipientCount attempts clientMsgId msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n        }\n      }\n    }\n  }\n": types.SendRecordsDocument,
    "\n  subscription SendingStatus($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) {\n      broadcastId state version\n      record { recordId taskId state recipientCount batchCount sentCount errorCount filteredOut failureReason }\n    }\n  }\n": types.SendingStatusDocument,
    "\n  subscription BatchResults($broadcastId: ID!) {\n    batchResult(broadcastId: $broadcastId) { recordId batchNo state recipientCount msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n  }\n": types.BatchResultsDocument,
    "\n  query AbTestRecords($broadcastId: ID) {\n    sendRecords(broadcastId: $broadcastId) {\n      edges {\n        node {\n          id state recipientCount sentCount abTestPosition isAbTestRemainder\n          abTestResult { winnerPosition rule missingData variants { position reads delivered readRate } }\n        }\n      }\n    }\n  }\n": types.AbTestRecordsDocument,
    "\n  mutation SyncCardsAfterCrash($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id status } }\n      ... on Error { message }\n    }\n  }\n": types.SyncCardsAfterCrashDocument,
    "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n      ... on WeChatError { message errcode retryable }\n    }\n  }\n": types.BindAccountDocument,
    "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n": types.UpdateAccountDocument,
    "\n  mutation UnbindAccount($id: ID!) {\n    unbindAccount(id: $id) { __typename ... on UnbindAccountSuccess { data { id bound } } ... on NotFoundError { entity } }\n  }\n": types.UnbindAccountDocument,
    "\n  query Accounts { accounts(first: 10) { totalCount edges { node { id appId name } } } }\n": types.AccountsDocument,
    "\n  query AccountNode($id: ID!) { node(id: $id) { id ... on Account { appId } } }\n": types.AccountNodeDocument,
    "query Viewer { viewer { scopes workspace { name } apiKey { prefix } } }": types.ViewerDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeySuccess { data { key apiKey { id scopes } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { __typename ... on RevokeApiKeySuccess { data { revokedAt } } } }\n": types.RevokeApiKeyDocument,
    "\n  mutation CampaignForScopes($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { id name } } }\n  }\n": types.CampaignForScopesDocument,
    "\n  mutation BindForScopes($input: BindAccountInput!) { bindAccount(input: $input) { __typename } }\n": types.BindForScopesDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on CreateCampaignSuccess { data { id name description createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  query Campaigns($first: Int, $after: String, $search: String) {\n    campaigns(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": types.CampaignsDocument,
    "\n  mutation CreateCampaignTypename($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }\n": types.CreateCampaignTypenameDocument,
    "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n": types.CampaignNodeDocument,
    "\n  mutation SyncCards($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id kind status account { id } } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n": types.SyncCardsDocument,
    "\n  query Cards($accountId: ID!, $first: Int, $after: String) {\n    cards(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id cardId type title status usable syncedAt account { id } } }\n    }\n  }\n": types.CardsDocument,
    "\n  query CardJob($id: ID!) { node(id: $id) { ... on Job { kind status done total result error } } }\n": types.CardJobDocument,
    "\n  mutation LoadSyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) { __typename ... on SyncFollowersSuccess { data { id } } }\n  }\n": types.LoadSyncFollowersDocument,
    "query LoadAccounts { accounts(first: 5) { totalCount edges { node { id appId } } } }": types.LoadAccountsDocument,
    "query LoadCampaigns($search: String) { campaigns(first: 5, search: $search) { totalCount edges { node { name } } } }": types.LoadCampaignsDocument,
    "\n  mutation LoadCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { name } } }\n  }\n": types.LoadCreateCampaignDocument,
    "query LoadGroups { customerGroups(first: 5) { totalCount } }": types.LoadGroupsDocument,
    "query LoadMaterials($accountId: ID!) { materials(accountId: $accountId, first: 5) { totalCount } }": types.LoadMaterialsDocument,
    "query LoadJob($id: ID!) { node(id: $id) { __typename ... on Job { id status } } }": types.LoadJobDocument,
    "\n  mutation CsvCreateGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) { __typename ... on CreateCustomerGroupSuccess { data { id } } }\n  }\n": types.CsvCreateGroupDocument,
    "\n  mutation CsvImportMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { memberCount } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n": types.CsvImportMembersDocument,
    "\n  mutation CreateCustomerGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) {\n      __typename\n      ... on CreateCustomerGroupSuccess { data { id name memberCount } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.CreateCustomerGroupDocument,
    "\n  mutation AddCustomerGroupMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { id memberCount } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n    }\n  }\n": types.AddCustomerGroupMembersDocument,
    "\n  mutation SplitCustomerGroup($input: SplitCustomerGroupInput!) {\n    splitCustomerGroup(input: $input) {\n      __typename\n      ... on SplitCustomerGroupSuccess {\n        data { seed group { id splitParts { id } } parts { id name memberCount splitFrom { id } } }\n      }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on ConflictError { message }\n    }\n  }\n": types.SplitCustomerGroupDocument,
    "\n  query GroupCounts($id: ID!, $accountId: ID!) {\n    node(id: $id) { ... on CustomerGroup { name memberCount followingCount(accountId: $accountId) } }\n  }\n": types.GroupCountsDocument,
    "\n  query GroupMembers($id: ID!, $first: Int, $after: String) {\n    node(id: $id) {\n      ... on CustomerGroup { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }\n    }\n  }\n": types.GroupMembersDocument,
    "\n  query CustomerGroups($search: String) {\n    customerGroups(first: 50, search: $search) { totalCount edges { node { id name memberCount } } }\n  }\n": types.CustomerGroupsDocument,
    "\n  query Customers($first: Int, $after: String, $accountId: ID, $groupId: ID) {\n    customers(first: $first, after: $after, accountId: $accountId, groupId: $groupId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          unionid\n          followers { id openid subscribed subscribeTime tagIds account { id name } }\n        }\n      }\n    }\n  }\n": types.CustomersDocument,
    "\n  mutation SyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) {\n      __typename\n      ... on SyncFollowersSuccess { data { id kind status account { id } } }\n      ... on Error { message }\n      ... on NotFoundError { entity }\n    }\n  }\n": types.SyncFollowersDocument,
    "\n  mutation UploadImage($accountId: ID!, $file: File!, $purpose: ImagePurpose!) {\n    uploadImage(accountId: $accountId, file: $file, purpose: $purpose) {\n      __typename\n      ... on UploadImageSuccess { data { id purpose mediaId url filename contentType size createdAt account { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on WeChatError { errcode errmsg }\n    }\n  }\n": types.UploadImageDocument,
    "\n  query Images($accountId: ID!, $first: Int, $after: String) {\n    images(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id purpose filename } }\n    }\n  }\n": types.ImagesDocument,
    "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error attempts history { type attempt } } } }\n": types.JobNodeDocument,
    "mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { __typename } }": types.RevokeKeyDocument,
    "query WhoAmI { viewer { apiKey { prefix } } }": types.WhoAmIDocument,
    "\n  mutation SyncMaterials($accountId: ID!, $count: Int!) {\n    syncMaterials(accountId: $accountId, count: $count) {\n      __typename\n      ... on SyncMaterialsSuccess { data { id kind status } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n": types.SyncMaterialsDocument,
    "\n  mutation RefreshMaterial($id: ID!) {\n    refreshMaterial(id: $id) {\n      __typename\n      ... on RefreshMaterialSuccess { data { id source mediaId title updatedAt syncedAt articles { index title digest author } } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n": types.RefreshMaterialDocument,
    "\n  query Materials($accountId: ID!, $search: String, $first: Int, $after: String, $includeRemoved: Boolean) {\n    materials(accountId: $accountId, search: $search, first: $first, after: $after, includeRemoved: $includeRemoved) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id source mediaId updatedAt syncedAt removedAt title thumbUrl\n          articles { index title author digest thumbUrl url contentSourceUrl showCoverPic content }\n        }\n      }\n    }\n  }\n": types.MaterialsDocument,
    "\n  query MaterialJob($id: ID!) { node(id: $id) { ... on Job { status error result done total } } }\n": types.MaterialJobDocument,
    "\n  query MaterialNode($id: ID!) { node(id: $id) { ... on Material { mediaId } } }\n": types.MaterialNodeDocument,
    "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n": types.BindMiniProgramDocument,
    "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n": types.MiniProgramsDocument,
    "query SearchCampaigns($search: String) { campaigns(search: $search, first: 50) { edges { node { name } } } }": types.SearchCampaignsDocument,
    "query SearchGroups($search: String) { customerGroups(search: $search, first: 50) { edges { node { name } } } }": types.SearchGroupsDocument,
    "\n  query SearchMaterials($accountId: ID!, $search: String) {\n    materials(accountId: $accountId, search: $search, first: 50) { edges { node { articles { title digest } } } }\n  }\n": types.SearchMaterialsDocument,
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
export function graphql(source: "\n  query DemoAccounts { accounts(first: 5) { totalCount edges { node { id appId type name bound } } } }\n"): (typeof documents)["\n  query DemoAccounts { accounts(first: 5) { totalCount edges { node { id appId type name bound } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EmbeddedBind($input: BindAccountInput!) {\n    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }\n  }\n"): (typeof documents)["\n  mutation EmbeddedBind($input: BindAccountInput!) {\n    bindAccount(input: $input) { __typename ... on BindAccountSuccess { data { appId } } ... on WeChatError { errcode } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }"): (typeof documents)["query EmbeddedAccounts { accounts(first: 5) { totalCount edges { node { appId name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }"): (typeof documents)["query EmbeddedMaterials($accountId: ID!) { materials(accountId: $accountId, first: 1) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeChatEvents($accountId: ID!, $type: String, $first: Int, $after: String) {\n    wechatEvents(accountId: $accountId, type: $type, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { type msgId handling handlingError handlerAttempts handledAt } }\n    }\n  }\n"): (typeof documents)["\n  query WeChatEvents($accountId: ID!, $type: String, $first: Int, $after: String) {\n    wechatEvents(accountId: $accountId, type: $type, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { type msgId handling handlingError handlerAttempts handledAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBroadcast($input: CreateBroadcastInput!) {\n    createBroadcast(input: $input) {\n      __typename\n      ... on CreateBroadcastSuccess { data { id name state version tasks { id position audience audienceSize } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on ContentError { path problem }\n      ... on AbTestAudienceError { path }\n      ... on AbTestContentError { path }\n      ... on AbTestPercentageError { path }\n      ... on AbTestLeadTimeError { path }\n      ... on AbTestRemainderTimeError { path }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBroadcast($input: CreateBroadcastInput!) {\n    createBroadcast(input: $input) {\n      __typename\n      ... on CreateBroadcastSuccess { data { id name state version tasks { id position audience audienceSize } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on ContentError { path problem }\n      ... on AbTestAudienceError { path }\n      ... on AbTestContentError { path }\n      ... on AbTestPercentageError { path }\n      ... on AbTestLeadTimeError { path }\n      ... on AbTestRemainderTimeError { path }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBroadcast($input: UpdateBroadcastInput!) {\n    updateBroadcast(input: $input) {\n      __typename\n      ... on UpdateBroadcastSuccess { data { id name state version tasks { id position audience sendAt abTest { sendAt } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { givenVersion currentVersion }\n      ... on ContentError { path problem }\n      ... on AbTestTimeLockedError { path }\n      ... on AbTestLeadTimeError { path }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateBroadcast($input: UpdateBroadcastInput!) {\n    updateBroadcast(input: $input) {\n      __typename\n      ... on UpdateBroadcastSuccess { data { id name state version tasks { id position audience sendAt abTest { sendAt } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { givenVersion currentVersion }\n      ... on ContentError { path problem }\n      ... on AbTestTimeLockedError { path }\n      ... on AbTestLeadTimeError { path }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBroadcast($input: DeleteBroadcastInput!) {\n    deleteBroadcast(input: $input) { __typename ... on DeleteBroadcastSuccess { data } ... on Error { message } ... on StaleVersionError { currentVersion } }\n  }\n"): (typeof documents)["\n  mutation DeleteBroadcast($input: DeleteBroadcastInput!) {\n    deleteBroadcast(input: $input) { __typename ... on DeleteBroadcastSuccess { data } ... on Error { message } ... on StaleVersionError { currentVersion } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BroadcastNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Broadcast {\n        id name state version campaign { id }\n        tasks {\n          id position name audience groups slotState sendAt audienceSize recipientsAtMonthlyLimit reachableSize\n          content { kind text imageId cardId news { materialId changed articles { materialId index coverImageId } } }\n          abTest { position percentage sendAt slotState news { materialId } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BroadcastNode($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Broadcast {\n        id name state version campaign { id }\n        tasks {\n          id position name audience groups slotState sendAt audienceSize recipientsAtMonthlyLimit reachableSize\n          content { kind text imageId cardId news { materialId changed articles { materialId index coverImageId } } }\n          abTest { position percentage sendAt slotState news { materialId } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Broadcasts($accountId: ID!, $filter: BroadcastFilter, $first: Int, $after: String) {\n    broadcasts(accountId: $accountId, filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name state } }\n    }\n  }\n"): (typeof documents)["\n  query Broadcasts($accountId: ID!, $filter: BroadcastFilter, $first: Int, $after: String) {\n    broadcasts(accountId: $accountId, filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name state } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddComparisonGroup($input: AddComparisonGroupInput!) {\n    addComparisonGroup(input: $input) {\n      __typename\n      ... on AddComparisonGroupSuccess { data { id position audience audienceSize } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n"): (typeof documents)["\n  mutation AddComparisonGroup($input: AddComparisonGroupInput!) {\n    addComparisonGroup(input: $input) {\n      __typename\n      ... on AddComparisonGroupSuccess { data { id position audience audienceSize } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveBroadcastTask($input: RemoveBroadcastTaskInput!) {\n    removeBroadcastTask(input: $input) {\n      __typename\n      ... on RemoveBroadcastTaskSuccess { data { id version tasks { id } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveBroadcastTask($input: RemoveBroadcastTaskInput!) {\n    removeBroadcastTask(input: $input) {\n      __typename\n      ... on RemoveBroadcastTaskSuccess { data { id version tasks { id } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleBroadcast($input: ScheduleBroadcastInput!) {\n    scheduleBroadcast(input: $input) {\n      __typename\n      ... on ScheduleBroadcastSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on QuotaExceededError { day otherBroadcastId }\n      ... on AbTestTimeLockedError { path }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n"): (typeof documents)["\n  mutation ScheduleBroadcast($input: ScheduleBroadcastInput!) {\n    scheduleBroadcast(input: $input) {\n      __typename\n      ... on ScheduleBroadcastSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on ValidationError { issues { path message } }\n      ... on QuotaExceededError { day otherBroadcastId }\n      ... on AbTestTimeLockedError { path }\n      ... on StaleVersionError { currentVersion }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendBroadcastNow($input: PlanBroadcastInput!) {\n    sendBroadcastNow(input: $input) {\n      __typename\n      ... on SendBroadcastNowSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on QuotaExceededError { day otherBroadcastId }\n    }\n  }\n"): (typeof documents)["\n  mutation SendBroadcastNow($input: PlanBroadcastInput!) {\n    sendBroadcastNow(input: $input) {\n      __typename\n      ... on SendBroadcastNowSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }\n      ... on Error { message }\n      ... on QuotaExceededError { day otherBroadcastId }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelBroadcastSchedule($input: PlanBroadcastInput!) {\n    cancelBroadcastSchedule(input: $input) {\n      __typename\n      ... on CancelBroadcastScheduleSuccess { data { id state version tasks { id sendAt slotState } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelBroadcastSchedule($input: PlanBroadcastInput!) {\n    cancelBroadcastSchedule(input: $input) {\n      __typename\n      ... on CancelBroadcastScheduleSuccess { data { id state version tasks { id sendAt slotState } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BroadcastStatusChanged($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) { broadcastId state version broadcast { id state } }\n  }\n"): (typeof documents)["\n  subscription BroadcastStatusChanged($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) { broadcastId state version broadcast { id state } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Quota($accountId: ID!, $at: DateTime) {\n    quota(accountId: $accountId, at: $at) { accountType period periodStart periodEnd limit used left followersAtLimit plannedSends sendsMade }\n  }\n"): (typeof documents)["\n  query Quota($accountId: ID!, $at: DateTime) {\n    quota(accountId: $accountId, at: $at) { accountType period periodStart periodEnd limit used left followersAtLimit plannedSends sendsMade }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestSendBroadcast($input: TestSendBroadcastInput!) {\n    testSendBroadcast(input: $input) {\n      __typename\n      ... on TestSendBroadcastSuccess { data { previewsLeftToday previews { recipient byWeChatId msgId error } } }\n      ... on Error { message }\n      ... on PreviewLimitError { remaining }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation TestSendBroadcast($input: TestSendBroadcastInput!) {\n    testSendBroadcast(input: $input) {\n      __typename\n      ... on TestSendBroadcastSuccess { data { previewsLeftToday previews { recipient byWeChatId msgId error } } }\n      ... on Error { message }\n      ... on PreviewLimitError { remaining }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
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
export function graphql(source: "\n  query SendRecords($broadcastId: ID, $accountId: ID, $first: Int, $after: String) {\n    sendRecords(broadcastId: $broadcastId, accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id state recipientCount batchCount sentCount errorCount filteredOut untaggedCount failureReason\n          task { id position }\n          batches { batchNo state recipientCount attempts clientMsgId msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SendRecords($broadcastId: ID, $accountId: ID, $first: Int, $after: String) {\n    sendRecords(broadcastId: $broadcastId, accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id state recipientCount batchCount sentCount errorCount filteredOut untaggedCount failureReason\n          task { id position }\n          batches { batchNo state recipientCount attempts clientMsgId msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SendingStatus($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) {\n      broadcastId state version\n      record { recordId taskId state recipientCount batchCount sentCount errorCount filteredOut failureReason }\n    }\n  }\n"): (typeof documents)["\n  subscription SendingStatus($accountId: ID!) {\n    broadcastStatusChanged(accountId: $accountId) {\n      broadcastId state version\n      record { recordId taskId state recipientCount batchCount sentCount errorCount filteredOut failureReason }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BatchResults($broadcastId: ID!) {\n    batchResult(broadcastId: $broadcastId) { recordId batchNo state recipientCount msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n  }\n"): (typeof documents)["\n  subscription BatchResults($broadcastId: ID!) {\n    batchResult(broadcastId: $broadcastId) { recordId batchNo state recipientCount msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AbTestRecords($broadcastId: ID) {\n    sendRecords(broadcastId: $broadcastId) {\n      edges {\n        node {\n          id state recipientCount sentCount abTestPosition isAbTestRemainder\n          abTestResult { winnerPosition rule missingData variants { position reads delivered readRate } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AbTestRecords($broadcastId: ID) {\n    sendRecords(broadcastId: $broadcastId) {\n      edges {\n        node {\n          id state recipientCount sentCount abTestPosition isAbTestRemainder\n          abTestResult { winnerPosition rule missingData variants { position reads delivered readRate } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncCardsAfterCrash($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id status } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SyncCardsAfterCrash($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id status } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n      ... on WeChatError { message errcode retryable }\n    }\n  }\n"): (typeof documents)["\n  mutation BindAccount($input: BindAccountInput!) {\n    bindAccount(input: $input) {\n      __typename\n      ... on BindAccountSuccess { data { id appId name type timeZone bound callbackPath safeMode } }\n      ... on ValidationError { message issues { path message } }\n      ... on ConflictError { message }\n      ... on WeChatError { message errcode retryable }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAccount($id: ID!, $input: UpdateAccountInput!) {\n    updateAccount(id: $id, input: $input) {\n      __typename\n      ... on UpdateAccountSuccess { data { id name timeZone type } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation CampaignForScopes($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { id name } } }\n  }\n"): (typeof documents)["\n  mutation CampaignForScopes($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { id name } } }\n  }\n"];
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
export function graphql(source: "\n  mutation CreateCampaignTypename($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }\n"): (typeof documents)["\n  mutation CreateCampaignTypename($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n"): (typeof documents)["\n  query CampaignNode($id: ID!) { node(id: $id) { id ... on Campaign { name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncCards($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id kind status account { id } } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SyncCards($accountId: ID!) {\n    syncCards(accountId: $accountId) {\n      __typename\n      ... on SyncCardsSuccess { data { id kind status account { id } } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Cards($accountId: ID!, $first: Int, $after: String) {\n    cards(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id cardId type title status usable syncedAt account { id } } }\n    }\n  }\n"): (typeof documents)["\n  query Cards($accountId: ID!, $first: Int, $after: String) {\n    cards(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id cardId type title status usable syncedAt account { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CardJob($id: ID!) { node(id: $id) { ... on Job { kind status done total result error } } }\n"): (typeof documents)["\n  query CardJob($id: ID!) { node(id: $id) { ... on Job { kind status done total result error } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoadSyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) { __typename ... on SyncFollowersSuccess { data { id } } }\n  }\n"): (typeof documents)["\n  mutation LoadSyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) { __typename ... on SyncFollowersSuccess { data { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LoadAccounts { accounts(first: 5) { totalCount edges { node { id appId } } } }"): (typeof documents)["query LoadAccounts { accounts(first: 5) { totalCount edges { node { id appId } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LoadCampaigns($search: String) { campaigns(first: 5, search: $search) { totalCount edges { node { name } } } }"): (typeof documents)["query LoadCampaigns($search: String) { campaigns(first: 5, search: $search) { totalCount edges { node { name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoadCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { name } } }\n  }\n"): (typeof documents)["\n  mutation LoadCreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) { __typename ... on CreateCampaignSuccess { data { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LoadGroups { customerGroups(first: 5) { totalCount } }"): (typeof documents)["query LoadGroups { customerGroups(first: 5) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LoadMaterials($accountId: ID!) { materials(accountId: $accountId, first: 5) { totalCount } }"): (typeof documents)["query LoadMaterials($accountId: ID!) { materials(accountId: $accountId, first: 5) { totalCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LoadJob($id: ID!) { node(id: $id) { __typename ... on Job { id status } } }"): (typeof documents)["query LoadJob($id: ID!) { node(id: $id) { __typename ... on Job { id status } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CsvCreateGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) { __typename ... on CreateCustomerGroupSuccess { data { id } } }\n  }\n"): (typeof documents)["\n  mutation CsvCreateGroup($input: CreateCustomerGroupInput!) {\n    createCustomerGroup(input: $input) { __typename ... on CreateCustomerGroupSuccess { data { id } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CsvImportMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { memberCount } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation CsvImportMembers($input: AddCustomerGroupMembersInput!) {\n    addCustomerGroupMembers(input: $input) {\n      __typename\n      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { memberCount } } }\n      ... on ValidationError { issues { path message } }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation SyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) {\n      __typename\n      ... on SyncFollowersSuccess { data { id kind status account { id } } }\n      ... on Error { message }\n      ... on NotFoundError { entity }\n    }\n  }\n"): (typeof documents)["\n  mutation SyncFollowers($accountId: ID!) {\n    syncFollowers(accountId: $accountId) {\n      __typename\n      ... on SyncFollowersSuccess { data { id kind status account { id } } }\n      ... on Error { message }\n      ... on NotFoundError { entity }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadImage($accountId: ID!, $file: File!, $purpose: ImagePurpose!) {\n    uploadImage(accountId: $accountId, file: $file, purpose: $purpose) {\n      __typename\n      ... on UploadImageSuccess { data { id purpose mediaId url filename contentType size createdAt account { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on WeChatError { errcode errmsg }\n    }\n  }\n"): (typeof documents)["\n  mutation UploadImage($accountId: ID!, $file: File!, $purpose: ImagePurpose!) {\n    uploadImage(accountId: $accountId, file: $file, purpose: $purpose) {\n      __typename\n      ... on UploadImageSuccess { data { id purpose mediaId url filename contentType size createdAt account { id } } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on WeChatError { errcode errmsg }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Images($accountId: ID!, $first: Int, $after: String) {\n    images(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id purpose filename } }\n    }\n  }\n"): (typeof documents)["\n  query Images($accountId: ID!, $first: Int, $after: String) {\n    images(accountId: $accountId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id purpose filename } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error attempts history { type attempt } } } }\n"): (typeof documents)["\n  query JobNode($id: ID!) { node(id: $id) { ... on Job { status result kind error attempts history { type attempt } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { __typename } }"): (typeof documents)["mutation RevokeKey($id: ID!) { revokeApiKey(id: $id) { __typename } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WhoAmI { viewer { apiKey { prefix } } }"): (typeof documents)["query WhoAmI { viewer { apiKey { prefix } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncMaterials($accountId: ID!, $count: Int!) {\n    syncMaterials(accountId: $accountId, count: $count) {\n      __typename\n      ... on SyncMaterialsSuccess { data { id kind status } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SyncMaterials($accountId: ID!, $count: Int!) {\n    syncMaterials(accountId: $accountId, count: $count) {\n      __typename\n      ... on SyncMaterialsSuccess { data { id kind status } }\n      ... on ValidationError { issues { path message } }\n      ... on NotFoundError { entity id }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshMaterial($id: ID!) {\n    refreshMaterial(id: $id) {\n      __typename\n      ... on RefreshMaterialSuccess { data { id source mediaId title updatedAt syncedAt articles { index title digest author } } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshMaterial($id: ID!) {\n    refreshMaterial(id: $id) {\n      __typename\n      ... on RefreshMaterialSuccess { data { id source mediaId title updatedAt syncedAt articles { index title digest author } } }\n      ... on NotFoundError { entity }\n      ... on WeChatError { errcode retryable }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Materials($accountId: ID!, $search: String, $first: Int, $after: String, $includeRemoved: Boolean) {\n    materials(accountId: $accountId, search: $search, first: $first, after: $after, includeRemoved: $includeRemoved) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id source mediaId updatedAt syncedAt removedAt title thumbUrl\n          articles { index title author digest thumbUrl url contentSourceUrl showCoverPic content }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Materials($accountId: ID!, $search: String, $first: Int, $after: String, $includeRemoved: Boolean) {\n    materials(accountId: $accountId, search: $search, first: $first, after: $after, includeRemoved: $includeRemoved) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id source mediaId updatedAt syncedAt removedAt title thumbUrl\n          articles { index title author digest thumbUrl url contentSourceUrl showCoverPic content }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MaterialJob($id: ID!) { node(id: $id) { ... on Job { status error result done total } } }\n"): (typeof documents)["\n  query MaterialJob($id: ID!) { node(id: $id) { ... on Job { status error result done total } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MaterialNode($id: ID!) { node(id: $id) { ... on Material { mediaId } } }\n"): (typeof documents)["\n  query MaterialNode($id: ID!) { node(id: $id) { ... on Material { mediaId } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation BindMiniProgram($input: BindMiniProgramInput!) {\n    bindMiniProgram(input: $input) {\n      __typename\n      ... on BindMiniProgramSuccess { data { id appId name createdAt } }\n      ... on ValidationError { issues { path message } }\n      ... on ConflictError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n"): (typeof documents)["\n  query MiniPrograms { miniPrograms(first: 10) { totalCount edges { node { id appId name } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchCampaigns($search: String) { campaigns(search: $search, first: 50) { edges { node { name } } } }"): (typeof documents)["query SearchCampaigns($search: String) { campaigns(search: $search, first: 50) { edges { node { name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchGroups($search: String) { customerGroups(search: $search, first: 50) { edges { node { name } } } }"): (typeof documents)["query SearchGroups($search: String) { customerGroups(search: $search, first: 50) { edges { node { name } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchMaterials($accountId: ID!, $search: String) {\n    materials(accountId: $accountId, search: $search, first: 50) { edges { node { articles { title digest } } } }\n  }\n"): (typeof documents)["\n  query SearchMaterials($accountId: ID!, $search: String) {\n    materials(accountId: $accountId, search: $search, first: 50) { edges { node { articles { title digest } } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;