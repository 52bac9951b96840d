// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Vendor SDKs live behind one adapter file each (STYLE.md, habit 3). */
const vendorAdapters = {
  twilio: 'src/main/core/carriers/twilioSdk.ts',
  openai: 'src/main/core/drafting/openaiSdk.ts',
  '@ngrok/ngrok': 'src/main/core/tunnel/ngrokSdk.ts',
};

const vendorRestrictions = Object.entries(vendorAdapters).map(([name, file]) => ({
  name,
  message: `Import ${name} only in ${file}.`,
}));

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.native/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  // The core never imports electron; vendor SDKs only in their adapters.
  {
    files: ['src/main/core/**/*.ts'],
    ignores: Object.values(vendorAdapters),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core never imports electron (DESIGN.md).' },
            ...vendorRestrictions,
          ],
          patterns: [
            { group: ['**/renderer/**'], message: 'The core never imports the renderer.' },
          ],
        },
      ],
    },
  },
  // Shared code runs on both sides: no Node, no Electron, no DOM, nothing from main or renderer.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared runs everywhere.' }],
          patterns: [
            { group: ['node:*'], message: 'src/shared imports no Node modules.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared imports nothing from the app.',
            },
          ],
        },
      ],
    },
  },
  // The renderer talks to the core only through the contract.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches the core through the api module.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a sandboxed browser.' },
            {
              group: ['**/main/**', '**/preload/index*'],
              message: 'The renderer never imports main.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    rules: { 'no-console': 'off' },
  },
);
