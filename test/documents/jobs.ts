import { graphql } from '../__generated__/gql.ts';

/** Job documents shared by several test files. */
export const SchedulePing = graphql(`
  mutation SchedulePing($input: SchedulePingInput!) {
    schedulePing(input: $input) { __typename ... on SchedulePingSuccess { data { id status runAt } } }
  }
`);
export const JobProgress = graphql(`
  subscription JobProgress($jobId: ID!) { jobProgress(jobId: $jobId) { status done total job { id status result startedAt finishedAt } } }
`);
