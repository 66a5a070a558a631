/* eslint-disable no-console -- a benchmark's job is to print its table */
/**
 * `npx ts-node --transpile-only scripts/bench-markdown.ts [--shapes all] [--rounds 9]`
 *
 * The figures behind markdownToLmx's linearity claim: the conversion time of 10,000- and 100,000-character
 * documents of several shapes, measured in one run, and the ratio 100k/10k per shape. A linear converter
 * shows ratios near 10; a quadratic one near 100.
 *
 * Times are CPU time of this process (`process.cpuUsage`, the garbage collector's threads included): on a
 * shared machine, wall-clock time also counts the turns of other processes. Each figure is the best of
 * `--rounds` samples after one warm-up, the two sizes sampled in turn; every sample converts 100,000
 * characters (the 10,000-character document ten times), so that both sizes meet the same garbage
 * collector. The default shapes are plain prose, all `*`, nested lists and many links; `--shapes all` adds
 * the hostile ones the tests convert too (unclosed markers, brackets, backticks, deep quotes and lists, HTML).
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

/** CPU milliseconds since `start` (a `process.cpuUsage()` reading). */
function cpuMsSince(start: { user: number; system: number }): number {
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a benchmark script measures its own CPU time
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/** One sample: CPU milliseconds per conversion of `document`, converted as often as makes 100,000 characters. */
function sample(document: string): number {
	const repeats = Math.max(1, Math.round(100_000 / document.length));
	// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a benchmark script measures its own CPU time
	const start = process.cpuUsage();
	for (let i = 0; i < repeats; i++) markdownToLmx(document);
	return cpuMsSince(start) / repeats;
}

/**
 * The best of `rounds` samples per document, the documents' samples taken in turn: a busy spell of the
 * machine then weighs on every size alike.
 */
function bestTimes(documents: string[], rounds: number): number[] {
	const best = documents.map((document) => {
		markdownToLmx(document);
		return Infinity;
	});
	for (let round = 0; round < rounds; round++) {
		documents.forEach((document, index) => {
			best[index] = Math.min(best[index], sample(document));
		});
	}
	return best;
}

function main(argv: string[]): void {
	const option = (name: string): string | undefined => {
		const index = argv.indexOf(name);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const rounds = Number(option('--rounds') ?? 9);
	const shapes = option('--shapes') === 'all' ? { ...SHAPES, ...HOSTILE_SHAPES } : SHAPES;
	console.log(`markdownToLmx: CPU milliseconds per conversion, best of ${rounds} samples`);
	console.log(
		'shape'.padEnd(26) + '10k chars'.padStart(12) + '100k chars'.padStart(12) + '  100k/10k',
	);
	for (const [name, make] of Object.entries(shapes)) {
		const [small, large] = bestTimes([make(10_000), make(100_000)], rounds);
		console.log(
			name.padEnd(26) +
				`${small.toFixed(2)} ms`.padStart(12) +
				`${large.toFixed(2)} ms`.padStart(12) +
				(large / small).toFixed(1).padStart(10),
		);
	}
}

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a command-line script reads its arguments
main(process.argv.slice(2));
