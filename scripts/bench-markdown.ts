/* eslint-disable no-console -- a benchmark's job is to print its table */
/**
 * `npx ts-node --transpile-only scripts/bench-markdown.ts [--shapes all] [--rounds 5]`
 *
 * The figures behind markdownToLmx's linearity claim: the conversion time of 10,000-, 100,000- and
 * 400,000-character documents of several shapes, measured in one run, and the ratios 100k/10k and 400k/100k
 * per shape. A linear converter shows ratios near 10 and 4; a quadratic one near 100 and 16.
 *
 * Each figure is the best of `--rounds` samples after one warm-up, so that other processes on the machine
 * show as little as possible. Every sample converts 400,000 characters (a 10,000-character document 40
 * times), so that all sizes meet the same garbage collector. The default shapes are plain prose, all `*`,
 * nested lists and many links; `--shapes all` adds the hostile ones the tests convert too (unclosed markers,
 * brackets, backticks, deep quotes and lists, HTML).
 */
import { markdownToLmx } from '../nodes/Loops/shared/markdownToLmx';

/** A document of exactly `length` characters, `unit` repeated (the last copy cut). */
function repeatTo(unit: string, length: number): string {
	return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Nested list lines, each one level deeper than the last, starting again after `levels` levels. */
function nestedList(length: number, levels: number): string {
	const lines: string[] = [];
	let total = 0;
	for (let i = 0; total < length; i++) {
		const line = `${'  '.repeat(i % levels)}- item ${i} with *some* text\n`;
		lines.push(line);
		total += line.length;
	}
	return lines.join('').slice(0, length);
}

const PROSE =
	'Loops sends your **product updates** to {contact.firstName} and the team. Read the ' +
	'[changelog](https://loops.so/changelog) or write to `support`; ~~old~~ links are gone.\n' +
	'A second line of the same paragraph, with a hard break  \nand a third.\n\n';

const SHAPES: Record<string, (length: number) => string> = {
	'plain prose': (n) => repeatTo(PROSE, n),
	'all *': (n) => repeatTo('*', n),
	'nested lists': (n) => nestedList(n, 40),
	'many links': (n) => repeatTo('[Loops](https://loops.so/docs?a=1&b="2") and ', n),
};

const HOSTILE_SHAPES: Record<string, (length: number) => string> = {
	'*a repeated': (n) => repeatTo('*a ', n),
	'**a_ _b** mixed': (n) => repeatTo('**a_ _b** *c_ ', n),
	'all [': (n) => repeatTo('[', n),
	'[a]( repeated': (n) => repeatTo('[a](', n),
	'[a](b( repeated': (n) => repeatTo('[a](b(', n),
	'all `': (n) => repeatTo('`', n),
	'` `` ``` runs': (n) => repeatTo('a ` b `` c ``` ', n),
	'all > (one line)': (n) => repeatTo('>', n),
	'> lines deeper': (n) => nestedQuoteLines(n),
	'- - - nested items': (n) => repeatTo('- ', n - 1) + 'x',
	'200-deep list lines': (n) => nestedList(n, 200),
	'HTML tags': (n) => repeatTo('<div class="x">a & b</div>\n', n),
	'all <': (n) => repeatTo('<', n),
	'all {': (n) => repeatTo('{', n),
	'all \\': (n) => repeatTo('\\', n),
	'all ~~': (n) => repeatTo('~~a', n),
	'blank lines in deep list': (n) => '- '.repeat(30) + 'x\n' + repeatTo('\n', n - 62),
};

function nestedQuoteLines(length: number): string {
	const lines: string[] = [];
	let total = 0;
	for (let i = 1; total < length; i++) {
		const line = `${'>'.repeat(i % 300)} quoted ${i}\n`;
		lines.push(line);
		total += line.length;
	}
	return lines.join('').slice(0, length);
}

/**
 * The best time of `rounds` samples, in milliseconds per conversion of `document`: each sample converts
 * `document` as many times as makes SAMPLE_CHARACTERS characters (40 times for 10,000 characters), so that
 * every size does the same work per sample and meets the same garbage collector.
 */
function msPerConversion(document: string, rounds: number): number {
	const repeats = Math.max(1, Math.round(SAMPLE_CHARACTERS / document.length));
	markdownToLmx(document);
	let best = Infinity;
	for (let round = 0; round < rounds; round++) {
		const start = performance.now();
		for (let i = 0; i < repeats; i++) markdownToLmx(document);
		best = Math.min(best, performance.now() - start);
	}
	return best / repeats;
}

const SIZES = [10_000, 100_000, 400_000];
const SAMPLE_CHARACTERS = 400_000;

function main(argv: string[]): void {
	const option = (name: string): string | undefined => {
		const index = argv.indexOf(name);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const rounds = Number(option('--rounds') ?? 5);
	const shapes = option('--shapes') === 'all' ? { ...SHAPES, ...HOSTILE_SHAPES } : SHAPES;
	console.log(`markdownToLmx: milliseconds per conversion, best of ${rounds} samples`);
	console.log(
		'shape'.padEnd(26) +
			SIZES.map((size) => `${size / 1000}k chars`.padStart(12)).join('') +
			'  100k/10k'.padStart(11) +
			'  400k/100k'.padStart(11),
	);
	for (const [name, make] of Object.entries(shapes)) {
		const [small, large, larger] = SIZES.map((size) => msPerConversion(make(size), rounds));
		console.log(
			name.padEnd(26) +
				[small, large, larger].map((ms) => `${ms.toFixed(2)} ms`.padStart(12)).join('') +
				(large / small).toFixed(1).padStart(11) +
				(larger / large).toFixed(1).padStart(11),
		);
	}
}

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a command-line script reads its arguments
main(process.argv.slice(2));
