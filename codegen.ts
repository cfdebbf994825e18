import type { CodegenConfig } from '@graphql-codegen/cli';

// Types the GraphQL documents of the tests (and any TypeScript client) from the committed SDL,
// so a schema change that breaks an operation fails type-checking, not just at run time.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/__generated__/**'],
  ignoreNoDocuments: true,
  generates: {
    'test/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // NodeNext needs explicit extensions in the generated imports
        importExtension: '.ts',
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown', File: 'File' },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
