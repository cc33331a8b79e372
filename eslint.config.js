import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'scratch/', 'test-results/', 'test/bench/out/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node, ...globals.worker },
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-undef': 'off'
		}
	},
	{
		// The pure layers (docs/ARCHITECTURE.md): specs, compilers, shapers, chart options and ML run the same
		// in the worker, the page, the CLI and the tests, so they import no database, DOM framework or UI.
		files: [
			'src/lib/spec/**/*.ts',
			'src/lib/sql/**/*.ts',
			'src/lib/ml/**/*.ts',
			'src/lib/analyses/*.ts',
			'src/lib/analyses/*/{spec,compile,shape,chart-options,view,execute}.ts'
		],
		ignores: ['**/*.test.ts', 'src/lib/analyses/views.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@duckdb/*', 'duckdb-browser-blocking', '**/engine/**', '**/duck.ts'],
							message: 'Pure layers do not touch the database: take what you need as arguments.'
						},
						{
							group: ['svelte', 'svelte/*', '$app/*', '**/*.svelte', '**/*.svelte.ts'],
							message: 'Pure layers do not use Svelte: keep UI state in a model or component.'
						},
						{
							group: ['**/components/**'],
							allowTypeImports: true,
							message: 'Pure layers may import types from components (ChartOption), never code.'
						}
					]
				}
			]
		}
	},
	{
		// No import cycles in the app's code (issue 8): a load moves forward through its steps and an analysis
		// folder depends on shared modules, never the reverse. Type-only imports are erased and do not count.
		files: ['src/**/*.ts', 'workers/**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/extensions': ['.ts', '.js'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] }
		},
		rules: {
			'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }]
		}
	},
	{
		// Plain scripts the page loads as they are (static/early-drop.js): no TypeScript project to type-check in.
		files: ['static/**/*.js'],
		...ts.configs.disableTypeChecked,
		languageOptions: { parserOptions: { projectService: false } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig }
		}
	}
);
