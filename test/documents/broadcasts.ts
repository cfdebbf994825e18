import { graphql } from '../__generated__/gql.ts';

/** Broadcast documents shared by the broadcast test files. Every error type's fields are selected. */
export const CreateBroadcast = graphql(`
  mutation CreateBroadcast($input: CreateBroadcastInput!) {
    createBroadcast(input: $input) {
      __typename
      ... on CreateBroadcastSuccess { data { id name state version tasks { id position audience audienceSize } } }
      ... on Error { message }
      ... on ValidationError { issues { path message } }
      ... on ContentError { path problem }
      ... on AbTestAudienceError { path }
      ... on AbTestContentError { path }
      ... on AbTestPercentageError { path }
      ... on AbTestLeadTimeError { path }
      ... on AbTestRemainderTimeError { path }
    }
  }
`);

export const UpdateBroadcast = graphql(`
  mutation UpdateBroadcast($input: UpdateBroadcastInput!) {
    updateBroadcast(input: $input) {
      __typename
      ... on UpdateBroadcastSuccess { data { id name state version tasks { id position audience sendAt abTest { sendAt } } } }
      ... on Error { message }
      ... on ValidationError { issues { path message } }
      ... on StaleVersionError { givenVersion currentVersion }
      ... on ContentError { path problem }
      ... on AbTestTimeLockedError { path }
      ... on AbTestLeadTimeError { path }
    }
  }
`);

export const DeleteBroadcast = graphql(`
  mutation DeleteBroadcast($input: DeleteBroadcastInput!) {
    deleteBroadcast(input: $input) { __typename ... on DeleteBroadcastSuccess { data } ... on Error { message } ... on StaleVersionError { currentVersion } }
  }
`);

export const BroadcastNode = graphql(`
  query BroadcastNode($id: ID!) {
    node(id: $id) {
      __typename
      ... on Broadcast {
        id name state version campaign { id }
        tasks {
          id position name audience groups slotState sendAt audienceSize recipientsAtMonthlyLimit reachableSize
          content { kind text imageId cardId news { materialId changed articles { materialId index coverImageId } } }
          abTest { position percentage sendAt slotState news { materialId } }
        }
      }
    }
  }
`);

export const Broadcasts = graphql(`
  query Broadcasts($accountId: ID!, $filter: BroadcastFilter, $first: Int, $after: String) {
    broadcasts(accountId: $accountId, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name state } }
    }
  }
`);

export const AddComparisonGroup = graphql(`
  mutation AddComparisonGroup($input: AddComparisonGroupInput!) {
    addComparisonGroup(input: $input) {
      __typename
      ... on AddComparisonGroupSuccess { data { id position audience audienceSize } }
      ... on Error { message }
      ... on ValidationError { issues { path message } }
      ... on StaleVersionError { currentVersion }
    }
  }
`);

export const RemoveBroadcastTask = graphql(`
  mutation RemoveBroadcastTask($input: RemoveBroadcastTaskInput!) {
    removeBroadcastTask(input: $input) {
      __typename
      ... on RemoveBroadcastTaskSuccess { data { id version tasks { id } } }
      ... on Error { message }
      ... on ValidationError { issues { path message } }
    }
  }
`);

export const ScheduleBroadcast = graphql(`
  mutation ScheduleBroadcast($input: ScheduleBroadcastInput!) {
    scheduleBroadcast(input: $input) {
      __typename
      ... on ScheduleBroadcastSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }
      ... on Error { message }
      ... on ValidationError { issues { path message } }
      ... on QuotaExceededError { day otherBroadcastId }
      ... on AbTestTimeLockedError { path }
      ... on StaleVersionError { currentVersion }
    }
  }
`);

export const SendBroadcastNow = graphql(`
  mutation SendBroadcastNow($input: PlanBroadcastInput!) {
    sendBroadcastNow(input: $input) {
      __typename
      ... on SendBroadcastNowSuccess { data { id state version tasks { id sendAt slotState abTest { sendAt slotState } } } }
      ... on Error { message }
      ... on QuotaExceededError { day otherBroadcastId }
    }
  }
`);

export const CancelBroadcastSchedule = graphql(`
  mutation CancelBroadcastSchedule($input: PlanBroadcastInput!) {
    cancelBroadcastSchedule(input: $input) {
      __typename
      ... on CancelBroadcastScheduleSuccess { data { id state version tasks { id sendAt slotState } } }
      ... on Error { message }
    }
  }
`);

export const BroadcastStatusChanged = graphql(`
  subscription BroadcastStatusChanged($accountId: ID!) {
    broadcastStatusChanged(accountId: $accountId) { broadcastId state version broadcast { id state } }
  }
`);

export const Quota = graphql(`
  query Quota($accountId: ID!, $at: DateTime) {
    quota(accountId: $accountId, at: $at) { accountType period periodStart periodEnd limit used left followersAtLimit plannedSends sendsMade }
  }
`);

export const TestSendBroadcast = graphql(`
  mutation TestSendBroadcast($input: TestSendBroadcastInput!) {
    testSendBroadcast(input: $input) {
      __typename
      ... on TestSendBroadcastSuccess { data { previewsLeftToday previews { recipient byWeChatId msgId error } } }
      ... on Error { message }
      ... on PreviewLimitError { remaining }
      ... on ValidationError { issues { path message } }
    }
  }
`);
