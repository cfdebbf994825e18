import { graphql } from '../__generated__/gql.ts';

/** Sending engine documents shared by the sending test files. */
export const SendRecords = graphql(`
  query SendRecords($broadcastId: ID, $accountId: ID, $first: Int, $after: String) {
    sendRecords(broadcastId: $broadcastId, accountId: $accountId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id state recipientCount batchCount sentCount errorCount filteredOut untaggedCount failureReason
          task { id position }
          batches { batchNo state recipientCount attempts clientMsgId msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }
        }
      }
    }
  }
`);

export const SendingStatus = graphql(`
  subscription SendingStatus($accountId: ID!) {
    broadcastStatusChanged(accountId: $accountId) {
      broadcastId state version
      record { recordId taskId state recipientCount batchCount sentCount errorCount filteredOut failureReason }
    }
  }
`);

export const BatchResults = graphql(`
  subscription BatchResults($broadcastId: ID!) {
    batchResult(broadcastId: $broadcastId) { recordId batchNo state recipientCount msgId totalCount filterCount filteredOut sentCount errorCount errcode reason }
  }
`);

export const AbTestRecords = graphql(`
  query AbTestRecords($broadcastId: ID) {
    sendRecords(broadcastId: $broadcastId) {
      edges {
        node {
          id state recipientCount sentCount abTestPosition isAbTestRemainder
          abTestResult { winnerPosition rule missingData variants { position reads delivered readRate } }
        }
      }
    }
  }
`);
