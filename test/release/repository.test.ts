/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test of the repository's own files: reads them and asks git */
/**
 * The repository speaks to its users, who have nothing but the repository: every tracked text file is read for
 * the package's old name, references to issues or pull requests they cannot see, commit ids the history does not
 * hold, and absolute paths of a machine outside the checkout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

const git = (args: string[], input?: string) =>
	execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 << 20 });

type Rule =
	| 'old package name'
	| 'issue reference'
	| 'unknown commit'
	| 'path outside the repository';

interface Hit {
	file: string;
	line: number;
	rule: Rule;
	/** what matched */
	text: string;
}

// The patterns are built so that their own source does not match them.
const OLD_NAME = new RegExp(`n8n-nodes-${'loops'}(?!-so)`, 'g');
const ISSUE_WORDS = /\b(?:issues?|pull requests?|PRs?)\s+#?\d+\b/gi;
// "#12" alone; not a colour ('#111827'), an HTML entity (&#39;), an anchor (#section) or part of a word
const ISSUE_HASH = /(?<![\w&'"/#-])#\d{1,5}(?![\w-])/g;
// 7–40 hex digits standing alone, with a digit and a letter (not a number, not a word); an action pinned as
// owner/name@<sha> is another repository's commit
const HEX = /(?<![\w./@#=+-])[0-9a-f]{7,40}(?![\w-])/g;
// a machine's own folders; the system's temp folder only as an example of what a test makes there
const OUTSIDE = new RegExp(
	`(?<![\\w.~:/-])/(?:${['work', 'home', 'root', 'Users', 'mnt', 'srv'].join('|')}|tmp(?!/n8n-nodes-loops-so-))/`,
	'g',
);

/** Hits that are what the file means to say, each with why. */
const ALLOWED: Array<{ file: string; rule: Rule; line: string; why: string }> = [
	{
		file: 'CHANGELOG.md',
		rule: 'old package name',
		line: `\`n8n-nodes-${'loops'}\` is another package`,
		why: 'the line telling users the old name is another package',
	},
];

/**
 * Hits in files whose owners are fixing them, listed so that this test passes meanwhile (each written so that this
 * file does not hold it itself). Each must still occur: once fixed, its entry goes, so the list only shrinks.
 */
const PENDING: Array<{ file: string; rule: Rule; text: string }> = [];

function trackedTextFiles(): Array<{ file: string; text: string }> {
	// tracked, and new files git would track (not ignored), so a file is checked before its first commit
	return git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
		.split('\0')
		.filter(Boolean)
		.filter((file) => fs.existsSync(path.join(ROOT, file))) // a deletion not yet committed
		.map((file) => ({ file, buffer: fs.readFileSync(path.join(ROOT, file)) }))
		.filter(({ buffer }) => !buffer.includes(0)) // binary (images)
		.map(({ file, buffer }) => ({ file, text: buffer.toString('utf8') }));
}

/** Of these ids, those that name no commit of the checked-out history (HEAD and its ancestors). */
function unknownCommits(ids: string[]): string[] {
	if (!ids.length) return [];
	const answers = git(['cat-file', '--batch-check'], ids.map((id) => `${id}^{commit}\n`).join(''))
		.trim()
		.split('\n');
	return ids.filter((id, i) => {
		const known = answers[i]?.split(' ')[0];
		if (!known || !/^[0-9a-f]{40}$/.test(known)) return true; // "<id>^{commit} missing", "ambiguous"
		try {
			git(['merge-base', '--is-ancestor', known, 'HEAD']);
			return false;
		} catch {
			return true; // a commit of another branch: not in the history a clone of this one has
		}
	});
}

function scan(): Hit[] {
	const hits: Hit[] = [];
	const hexes = new Map<string, Hit[]>();
	for (const { file, text } of trackedTextFiles()) {
		text.split('\n').forEach((content, index) => {
			const line = index + 1;
			const add = (rule: Rule, pattern: RegExp) => {
				for (const match of content.matchAll(pattern)) {
					if (ALLOWED.some((a) => a.file === file && a.rule === rule && content.includes(a.line)))
						continue;
					hits.push({ file, line, rule, text: match[0] });
				}
			};
			add('old package name', OLD_NAME);
			add('issue reference', ISSUE_WORDS);
			add('issue reference', ISSUE_HASH);
			add('path outside the repository', OUTSIDE);
			for (const match of content.matchAll(HEX)) {
				if (!/\d/.test(match[0]) || !/[a-f]/.test(match[0])) continue;
				const list = hexes.get(match[0]) ?? [];
				list.push({ file, line, rule: 'unknown commit', text: match[0] });
				hexes.set(match[0], list);
			}
		});
	}
	for (const id of unknownCommits([...hexes.keys()])) hits.push(...(hexes.get(id) ?? []));
	return hits;
}

const isPending = (hit: Hit) =>
	PENDING.some((p) => p.file === hit.file && p.rule === hit.rule && p.text === hit.text);

describe('the repository’s text files', () => {
	let hits: Hit[];

	beforeAll(() => {
		hits = scan();
	});

	it('name the package n8n-nodes-loops-so, cite no issue, no unknown commit, no path outside the repository', () => {
		const shallow = git(['rev-parse', '--is-shallow-repository']).trim() === 'true';
		const found = hits
			.filter((hit) => !isPending(hit))
			.map((hit) => `${hit.file}:${hit.line}: ${hit.rule}: ${hit.text}`);
		if (shallow && hits.some((hit) => hit.rule === 'unknown commit'))
			found.push(
				'(this clone is shallow: `git fetch --unshallow`, then the commits can be looked up)',
			);
		expect(found).toEqual([]);
	});

	it('still hold every hit listed as pending (a fixed one leaves the list)', () => {
		const gone = PENDING.filter(
			(p) => !hits.some((hit) => hit.file === p.file && hit.rule === p.rule && hit.text === p.text),
		);
		expect(gone).toEqual([]);
	});
});

/** GitHub's anchor for a heading: its text lower-cased, punctuation dropped, spaces as hyphens. */
function slugOf(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link: its text
		.replace(/[`*]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors of a Markdown file: each heading's slug, repeats numbered as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const slug = slugOf(heading[1]);
		const count = seen.get(slug) ?? 0;
		anchors.add(count ? `${slug}-${count}` : slug);
		seen.set(slug, count + 1);
	}
	return anchors;
}

/** The links of a Markdown file outside code: [text](target) and ![alt](target), with their line. */
function linksOf(markdown: string): Array<{ line: number; target: string }> {
	const links: Array<{ line: number; target: string }> = [];
	let fenced = false;
	markdown.split('\n').forEach((content, index) => {
		if (/^\s*(```|~~~)/.test(content)) fenced = !fenced;
		if (fenced) return;
		const prose = content.replace(/`[^`]*`/g, '``');
		for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g))
			links.push({ line: index + 1, target: match[1] });
	});
	return links;
}

describe('the links of the repository’s Markdown', () => {
	it('lead to files that exist and to headings they have', () => {
		const markdown = new Map(
			trackedTextFiles()
				.filter(({ file }) => file.endsWith('.md'))
				.map(({ file, text }) => [file, text]),
		);
		expect(markdown.has('README.md')).toBe(true);
		const broken: string[] = [];
		for (const [file, text] of markdown) {
			for (const { line, target } of linksOf(text)) {
				if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
				const [pathPart, anchor] = target.split('#');
				const resolved = pathPart
					? path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart))
					: file;
				const where = `${file}:${line}: ${target}`;
				if (!fs.existsSync(path.join(ROOT, resolved))) {
					broken.push(`${where} (no ${resolved})`);
					continue;
				}
				if (anchor === undefined) continue;
				const doc = markdown.get(resolved);
				if (doc === undefined) broken.push(`${where} (an anchor into a file that is not Markdown)`);
				else if (!anchorsOf(doc).has(anchor)) broken.push(`${where} (no heading #${anchor})`);
			}
		}
		expect(broken).toEqual([]);
	});

	it('anchors headings as GitHub does', () => {
		expect(slugOf("What holds under n8n's settings")).toBe('what-holds-under-n8ns-settings');
		expect(slugOf('The benchmark in a real n8n (`npm run bench:n8n`)')).toBe(
			'the-benchmark-in-a-real-n8n-npm-run-benchn8n',
		);
		expect(slugOf('Pacing, retries and exactly-once')).toBe('pacing-retries-and-exactly-once');
		expect(slugOf('The examples (`examples/`)')).toBe('the-examples-examples');
		expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n## B')]).toEqual(['a', 'a-1', 'b']);
	});
});

describe('the scan', () => {
	it('finds what it looks for, and leaves colours, anchors, entities, numbers and words alone', () => {
		const matches = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((m) => m[0]);
		expect(
			matches(
				OLD_NAME,
				`npm i n8n-nodes-${'loops'}; n8n-nodes-loops-so; n8n-nodes-${'loops'}.loops`,
			),
		).toEqual([`n8n-nodes-${'loops'}`, `n8n-nodes-${'loops'}`]);
		expect(
			matches(
				ISSUE_WORDS,
				`the pacer of Issue ${13}, issues ${4}, PR #${7}, pull request ${2}; an issue with 3 items`,
			),
		).toEqual([`Issue ${13}`, `issues ${4}`, `PR #${7}`, `pull request ${2}`]);
		expect(
			matches(
				ISSUE_HASH,
				`since 1.21 (#${10}), see #${9}. colour '#111827', &#39;, [x](#the-two-commands), a#1`,
			),
		).toEqual([`#${10}`, `#${9}`]);
		expect(
			matches(
				HEX,
				`at \`${'e6360'}ee\`, ${'2ed5e'}51; @11bd71901bbe5b1630ceea73d27597364c9af683, 1234567, deadbee`,
			).filter((m) => /\d/.test(m) && /[a-f]/.test(m)),
		).toEqual([`${'e6360'}ee`, `${'2ed5e'}51`]);
		expect(
			matches(
				OUTSIDE,
				`as in ${'/work'}/shared/x.md, ${'/home'}/me, ${'/tmp'}/scratch; ${'/tmp'}/n8n-nodes-loops-so-e2e-x, https://h/home/x, ./work/x`,
			),
		).toEqual([`${'/work'}/`, `${'/home'}/`, `${'/tmp'}/`]);
	});

	it('tells a commit of this history from one it does not hold', () => {
		const head = git(['rev-parse', 'HEAD']).trim();
		const stranger = `${'abcdef'}0123456`;
		expect(unknownCommits([head.slice(0, 7), head, stranger])).toEqual([stranger]);
	});
});
