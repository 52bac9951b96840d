// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths in the layer rules are from here, wherever ESLint is started (an editor, a test). */
const root = dirname(fileURLToPath(import.meta.url));

const core = 'src/main/core';

/**
 * The layer table of `src/main/README.md`, as the linter reads it: what each part of the core may
 * import besides itself, `src/shared` and npm packages. Keep the two in step: a row here is a row
 * there. A part imports only what sits below it, so it can be read and tested with only what is
 * listed here, and a change to it concerns the parts above it and nothing else. `app.ts` (the
 * composition root) is not listed: it may import everything. Entries are paths inside the core:
 * a folder, or one file when a part may use only that file of another.
 */
const layers = {
  'config.ts': [],
  'log.ts': [],
  'privateFiles.ts': [],
  'dataPaths.ts': [],
  'configSources.ts': ['config.ts', 'golive/secrets.ts', 'store'],
  'startupFailure.ts': ['config.ts', 'store', 'dataPaths.ts'],
  'events.ts': [],
  store: ['privateFiles.ts'],
  // Copying a whole store is part of the store: it sees the same, nothing above it.
  'store/copy': ['store', 'privateFiles.ts'],
  'sendingSettings.ts': ['store', 'domain'],
  // The render allow-list is a pure table: the attachment view asks it, like the media module.
  domain: ['media/mediaTypes.ts'],
  carriers: [],
  queue: ['store', 'log.ts'],
  // Messaging sees the carrier through its interface only: no vendor, no vendor's errors.
  messaging: [
    'store',
    'domain',
    'queue',
    'media',
    'carriers/carrier.ts',
    'sendingSettings.ts',
    'log.ts',
  ],
  webhooks: ['messaging', 'store', 'carriers/twilioSdk.ts', 'log.ts'],
  simulator: ['carriers/twilioSdk.ts', 'log.ts'],
  drafting: [
    'store',
    'domain',
    'queue',
    'messaging',
    'sendingSettings.ts',
    'events.ts',
    'log.ts',
    // What the business taught, for the prompt and the offline drafter.
    'knowledge/retrieval.ts',
  ],
  // The business's knowledge: facts' languages, and embeddings through the one `openai` adapter.
  knowledge: [
    'store',
    'domain',
    'drafting/language.ts',
    'drafting/openaiSdk.ts',
    'drafting/errors.ts',
    'log.ts',
  ],
  tunnel: ['queue/backoff.ts', 'log.ts'],
  golive: [
    'carriers',
    'store',
    'tunnel',
    'webhooks',
    'drafting/openaiSdk.ts',
    'drafting/errors.ts',
    'queue/backoff.ts',
    'events.ts',
    'config.ts',
    'log.ts',
  ],
  // records runs its long reads on the reader pool, which in turn runs records' read operations:
  // records may see the pool's type only, never the reader threads themselves.
  records: [
    'store',
    'domain',
    'privateFiles.ts',
    'dataPaths.ts',
    'threads/readerPool.ts',
    'log.ts',
    // Retention deletes the files it leaves unreferenced; exports copy kept files by their hash.
    'media/mediaFiles.ts',
    'media/mediaTypes.ts',
  ],
  media: ['privateFiles.ts'],
  threads: [
    'store',
    'records',
    'drafting/offlineDrafter.ts',
    'drafting/stats.ts',
    'knowledge/parse.ts',
    'log.ts',
  ],
  // Notifications to the operator away: causes recorded in the store, delivered by the queue;
  // channel secrets from the secret store; nodemailer in notify/smtp.ts only.
  notify: ['store', 'domain', 'queue', 'events.ts', 'log.ts', 'golive/secrets.ts'],
  // The operator service sits on top of everything but the composition root that builds it.
  operator: [
    'config.ts',
    'configSources.ts',
    'log.ts',
    'events.ts',
    'sendingSettings.ts',
    'store',
    'domain',
    'queue',
    'messaging',
    'webhooks',
    'carriers',
    'simulator',
    'drafting',
    'tunnel',
    'golive',
    'records',
    'threads',
    'notify',
    'knowledge',
  ],
};

/** The one error type for refusals the operator reads: any part may throw one. */
const everywhere = ['domain/refusal.ts'];

const layerZones = Object.entries(layers).map(([part, allowed]) => ({
  target: `${core}/${part}`,
  from: core,
  except: [part, ...allowed, ...everywhere].map((p) => `./${p}`),
  message: allowed.length
    ? `${core}/${part} may import only ${allowed.join(', ')} from the core (src/main/README.md).`
    : `${core}/${part} imports nothing from the rest of the core (src/main/README.md).`,
}));

/** Zones outside the core: who may see whom across processes. */
const processZones = [
  {
    target: core,
    from: 'src',
    except: ['./main/core', './shared'],
    message: 'The core is plain Node: it sees only itself and the contract in src/shared.',
  },
  {
    target: 'src/shared',
    from: 'src',
    except: ['./shared'],
    message: 'src/shared (the contract) imports nothing from the app: both sides depend on it.',
  },
  {
    target: 'src/preload',
    from: 'src',
    except: ['./preload', './shared'],
    message: 'The preload is the bridge: it sees the contract (src/shared) only, never main.',
  },
  {
    target: 'src/renderer',
    from: 'src',
    except: ['./renderer', './shared', './preload/api.d.ts'],
    message:
      'The renderer reaches the core only through the contract (src/shared) and the api module.',
  },
];

/**
 * Packages that only one adapter may import, so the rest of the code talks to our own interface
 * and a vendor's breaking change or a second vendor lands in one file. better-sqlite3 is the
 * store's alone (all SQL lives in store/); pg is the PostgreSQL engine's, in store/postgres/.
 */
const adapters = {
  twilio: [`${core}/carriers/twilioSdk.ts`],
  openai: [`${core}/drafting/openaiSdk.ts`],
  '@ngrok/ngrok': [`${core}/tunnel/ngrokSdk.ts`],
  nodemailer: [`${core}/notify/smtp.ts`],
  'better-sqlite3': [`${core}/store/**`],
  pg: [`${core}/store/postgres/**`],
};

/**
 * The core's import bans, minus the package the given adapter exists for.
 * @param {keyof typeof adapters} [exceptPackage]
 */
function coreImportBans(exceptPackage) {
  const packages = Object.keys(adapters).filter((name) => name !== exceptPackage);
  return [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'The core never imports electron: it runs unchanged in Electron, in serve mode and in tests.',
        },
        ...packages.map((name) => ({
          name,
          message: `Import ${name} only in ${adapters[name].join(', ')}.`,
        })),
      ],
      patterns: [
        { group: ['**/renderer/**'], message: 'The core never imports the renderer.' },
        ...packages.map((name) => ({
          group: [`${name}/*`],
          message: `Import ${name} only in ${adapters[name].join(', ')}.`,
        })),
      ],
    },
  ];
}

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
  // Layers and cycles, on the application code only (tests may reach into any layer).
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // The cycle rule follows imports into the files they name: it must parse TypeScript too.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: join(root, 'tsconfig.json') }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: root, zones: [...processZones, ...layerZones] },
      ],
      // A cycle means two modules cannot be understood, tested or loaded one without the other
      // (and an ES module cycle can see a binding before it is initialised). Type-only imports
      // are left out: they vanish at build time.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // The core never imports electron; vendor SDKs (and better-sqlite3) only in their adapters.
  { files: [`${core}/**/*.ts`], rules: { 'no-restricted-imports': coreImportBans() } },
  ...Object.entries(adapters).map(([name, files]) => ({
    files,
    rules: { 'no-restricted-imports': coreImportBans(name) },
  })),
  // Short functions and files: a reader can hold one in their head, and a test can reach each part.
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  // A component is its markup as well as its logic, and JSX spends a line per attribute: 150 lines
  // of component read like 120 of plain code. Longer than that, it is doing two things.
  {
    files: ['src/renderer/**/*.tsx'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 150, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    files: [`${core}/**/*.ts`],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  // Shipped migrations are never edited (a database that ran one must stay what it made), so a long
  // migration stays long rather than be rewritten to please the linter.
  { files: [`${core}/store/migrations/**`], rules: { 'max-lines-per-function': 'off' } },
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
