/**
 * Prettier settings of n8n's node starter (the `.prettierrc.js` that `npm create @n8n/node` scaffolds, from
 * @n8n/node-cli's template): tabs, single quotes, trailing commas, width 100, LF line ends.
 * `npm run format` writes them, `npm run format:check` checks them.
 * https://prettier.io/docs/options
 */
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
