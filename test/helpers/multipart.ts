import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';

export interface UploadFile {
  /** Where the file goes in the variables, e.g. 'input.csv'. */
  path: string;
  content: string | Uint8Array<ArrayBuffer>;
  filename: string;
  type?: string;
}

/**
 * One GraphQL request as a multipart upload, per the GraphQL multipart request spec: an
 * `operations` part (the files' places null), a `map` part (file part name → variable paths), then
 * one part per file. Returns the status with the body, like postGraphQL.
 */
export async function postMultipart<TData, TVars>(
  baseUrl: string,
  apiKey: string,
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  files: UploadFile[],
): Promise<{ status: number; body: ExecutionResult<TData> }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: print(document), variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((file, i) => [String(i), [`variables.${file.path}`]]))));
  files.forEach((file, i) => form.append(String(i), new Blob([file.content], { type: file.type ?? 'text/csv' }), file.filename));
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
  return { status: response.status, body: (await response.json()) as ExecutionResult<TData> };
}
