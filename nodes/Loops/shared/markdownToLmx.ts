/**
 * Markdown → LMX, Loops' email markup, for the content fields' `contentFormat: markdown`: the output of n8n's
 * Markdown node, an RSS item or an AI model goes into a campaign as it is. n8n allows community nodes no runtime
 * dependencies, so this is our own reader of CommonMark's core (plus `~~strike~~`), in three passes: the block
 * structure (line by line, as CommonMark's reference parser does), the inline content of each block (emphasis
 * by CommonMark's delimiter algorithm, links, code spans), and the LMX writer.
 *
 * Properties the node relies on:
 * - Total: any string gives LMX that Loops compiles. What is not Markdown we read stays text, escaped: HTML,
 *   unclosed markers (`**bold`, `` `code ``, `[text](`), links to schemes other than http, https and mailto.
 * - Linear: one pass per stage, no backtracking regular expression over unbounded input, no rescans. Nesting
 *   deeper than MAX_CONTAINER_DEPTH is read as text, so each line costs its own length plus a constant.
 * - Loops variables (`{contact.firstName}`, `{data.name}`, `{event.amount}`) pass through in text and links.
 *
 * What LMX allows, from Loops' LMX reference (loops.so/docs/creating-emails/lmx and the LMX specification Loops
 * publishes with its agent skills), which shapes the output:
 * - A document is a sequence of top-level blocks; text and inline tags never stand at the top level.
 * - `H1`-`H3`, `Paragraph`, `Quote` and `ListItem` hold inline content only (text, variables, `Strong`, `Em`,
 *   `Strike`, `Code`, `Link`, `Br`). So a `ListItem` cannot hold a nested list: a nested list's items follow
 *   their parent's item, indented with `paddingLeft` (a text block attribute `ListItem` takes); bullets in
 *   bullets stay in one list, a numbered list (or one in it) is a list of its own, and a numbered list resumed
 *   after it goes on with `start`. A `Quote` cannot hold paragraphs or lists: a blockquote becomes one `Quote`
 *   whose paragraphs are separated by `<Br />`s, its list items marked with `•` or their numbers.
 * - `Image` is a self-closing block (`src` required, no variables in `src`): an image standing in a paragraph
 *   splits it; one where a block cannot stand (a heading, list item, quote or link) becomes a link to it.
 * - `CodeBlock` holds raw text, kept verbatim (escaped); whitespace elsewhere collapses as in HTML.
 * - Text escapes `&`, `<` (and `>`); attribute values are always double-quoted and escape `"` too.
 * - Control characters and unpaired surrogates are not XML: they become U+FFFD (NUL does in CommonMark too).
 */

/** Quotes, lists and list items nested deeper than this are read as text: each line's cost stays bounded. */
const MAX_CONTAINER_DEPTH = 64;
/** Parentheses nested deeper than this in a link destination end the attempt, keeping each attempt short. */
const MAX_URL_PAREN_DEPTH = 8;
/** A nested list's items are indented by this many pixels per level, up to MAX_INDENT_LEVELS levels. */
const INDENT_PER_LEVEL = 24;
const MAX_INDENT_LEVELS = 6;

// ————————————————————————————————————————————————— input and escaping

const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Line ends as `\n`; what XML cannot carry (control characters other than tab and line end, U+FFFE, U+FFFF,
 * unpaired surrogates) as U+FFFD.
 */
function cleanInput(markdown: string): string {
	const parts: string[] = [];
	let start = 0;
	for (let i = 0; i < markdown.length; i++) {
		const code = markdown.charCodeAt(i);
		let replacement: string | undefined;
		if (code === 0x0d) {
			replacement = '\n';
			if (markdown.charCodeAt(i + 1) === 0x0a) {
				parts.push(markdown.slice(start, i), replacement);
				start = i + 2;
				i++;
				continue;
			}
		} else if (
			(code < 0x20 && code !== 0x09 && code !== 0x0a) ||
			code === 0xfffe ||
			code === 0xffff
		) {
			replacement = REPLACEMENT_CHARACTER;
		} else if (code >= 0xd800 && code <= 0xdbff) {
			const next = markdown.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
			else replacement = REPLACEMENT_CHARACTER;
		} else if (code >= 0xdc00 && code <= 0xdfff) {
			replacement = REPLACEMENT_CHARACTER;
		}
		if (replacement !== undefined) {
			parts.push(markdown.slice(start, i), replacement);
			start = i + 1;
		}
	}
	if (parts.length === 0) return markdown;
	parts.push(markdown.slice(start));
	return parts.join('');
}

const AMPERSANDS = /&/g;
const LESS_THANS = /</g;
const GREATER_THANS = />/g;
const QUOTES = /"/g;

/** Text escaped for LMX: `&`, `<` and `>` (single characters, so no backtracking). */
function escapeText(text: string): string {
	return text
		.replace(AMPERSANDS, '&amp;')
		.replace(LESS_THANS, '&lt;')
		.replace(GREATER_THANS, '&gt;');
}

/** An attribute value escaped for LMX: as text, and `"` (the values are always double-quoted). */
function escapeAttribute(text: string): string {
	return escapeText(text).replace(QUOTES, '&quot;');
}

function isSpaceOrTab(c: string | undefined): boolean {
	return c === ' ' || c === '\t';
}

/** Without leading and trailing spaces, tabs and line ends (a loop: a regular expression would backtrack). */
function trimBlank(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && (isSpaceOrTab(text[start]) || text[start] === '\n')) start++;
	while (end > start && (isSpaceOrTab(text[end - 1]) || text[end - 1] === '\n')) end--;
	return text.slice(start, end);
}

// ————————————————————————————————————————————————— URLs

/** A Loops variable, such as `{contact.firstName}` or `{data.order.id}`; the parts are separated by dots. */
const LOOPS_VARIABLE = /^\{[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\}/;

type TargetKind = 'url' | 'variable';

/**
 * Whether `url` may become an `href` (http, https, mailto, or a Loops variable such as `{contact.url}`) or an
 * image `src` (http or https; a variable cannot stand in `src`, so such an image becomes a link). Any other
 * scheme (`javascript:`, `data:`) or a relative address: undefined, and the Markdown stays text.
 */
function targetKind(url: string, image: boolean): TargetKind | undefined {
	if (/^https?:\/\/[^\s]/i.test(url)) return 'url';
	if (!image && /^mailto:[^\s]/i.test(url)) return 'url';
	if (LOOPS_VARIABLE.test(url)) return 'variable';
	return undefined;
}

/**
 * `name@example.com`: one `@`, something before it and a dot inside what follows (index searches: a regular
 * expression over the part after `@` would backtrack on a long run of dots).
 */
function isEmailAddress(text: string): boolean {
	const at = text.indexOf('@');
	if (at <= 0 || text.includes('@', at + 1) || text.includes(':')) return false;
	const dot = text.indexOf('.', at + 2);
	return dot > 0 && dot < text.length - 1;
}

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function isAsciiPunctuation(c: string | undefined): boolean {
	return c !== undefined && c.length === 1 && ASCII_PUNCTUATION.includes(c);
}

/** Markdown's backslash escapes removed (`\(` → `(`), as in a link destination. */
function unescapeBackslashes(text: string): string {
	return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

// ————————————————————————————————————————————————— block pass

type BlockKind =
	| 'document'
	| 'quote'
	| 'list'
	| 'item'
	| 'paragraph'
	| 'heading'
	| 'code'
	| 'divider';

interface Fence {
	char: string;
	length: number;
	/** the opening fence's indentation, removed from the code's lines */
	indent: number;
}

interface Block {
	kind: BlockKind;
	parent: Block | undefined;
	children: Block[];
	open: boolean;
	/** quotes, lists and items from the document down to here */
	depth: number;
	/** a paragraph's or code block's lines; a heading's text */
	lines: string[];
	/** heading level, 1-6 */
	level: number;
	/** list: numbered, its bullet or delimiter character, its first number */
	ordered: boolean;
	marker: string;
	start: number;
	/** item: how many columns its content is indented by, from where its marker's line began */
	contentOffset: number;
	/** code: its fence; undefined for indented code */
	fence: Fence | undefined;
}

function newBlock(kind: BlockKind, parent: Block | undefined): Block {
	const isContainer = kind === 'quote' || kind === 'list' || kind === 'item';
	return {
		kind,
		parent,
		children: [],
		open: true,
		depth: (parent?.depth ?? 0) + (isContainer ? 1 : 0),
		lines: [],
		level: 0,
		ordered: false,
		marker: '',
		start: 1,
		contentOffset: 0,
		fence: undefined,
	};
}

function canContain(parent: BlockKind, child: BlockKind): boolean {
	if (parent === 'list') return child === 'item';
	return (parent === 'document' || parent === 'quote' || parent === 'item') && child !== 'item';
}

/**
 * A position in one line, in columns as Markdown counts them (a tab moves to the next multiple of 4). A tab
 * can be consumed in part (a list item's content indented by 2 inside a tab): its other columns stay.
 */
class LineCursor {
	pos = 0;
	col = 0;
	private partialTab = false;
	/** first non-blank index at or after `blankFrom`, when known */
	private blankFrom = -1;
	private blankAt = -1;

	constructor(readonly line: string) {}

	get char(): string | undefined {
		return this.line[this.pos];
	}

	save(): [number, number, boolean] {
		return [this.pos, this.col, this.partialTab];
	}

	restore([pos, col, partialTab]: [number, number, boolean]): void {
		this.pos = pos;
		this.col = col;
		this.partialTab = partialTab;
	}

	/** Columns of blank ahead, counted up to `limit` (so a line of 100,000 spaces costs `limit`). */
	indent(limit: number): number {
		let width = 0;
		let col = this.col;
		for (let pos = this.pos; pos < this.line.length && width < limit; pos++) {
			const c = this.line[pos];
			if (c === ' ') {
				width++;
				col++;
			} else if (c === '\t') {
				const tab = 4 - (col % 4);
				width += tab;
				col += tab;
			} else {
				break;
			}
		}
		return width;
	}

	/** Consumes `columns` columns of blank (the caller measured them with `indent`). */
	skipColumns(columns: number): void {
		while (columns > 0 && this.pos < this.line.length) {
			const c = this.line[this.pos];
			if (c === '\t') {
				const tab = 4 - (this.col % 4);
				if (tab > columns) {
					this.col += columns;
					this.partialTab = true;
					return;
				}
				this.col += tab;
				columns -= tab;
			} else {
				this.col++;
				columns--;
			}
			this.pos++;
			this.partialTab = false;
		}
	}

	/** Moves past `count` characters that are not tabs. */
	advance(count = 1): void {
		this.pos += count;
		this.col += count;
		this.partialTab = false;
	}

	skipToEnd(): void {
		this.col += this.line.length - this.pos;
		this.pos = this.line.length;
		this.partialTab = false;
	}

	/** Whether only blanks remain. Remembers where the blanks end, so asking again costs nothing. */
	isBlank(): boolean {
		if (this.blankFrom < 0 || this.pos < this.blankFrom || this.pos > this.blankAt) {
			let i = this.pos;
			while (i < this.line.length && isSpaceOrTab(this.line[i])) i++;
			this.blankFrom = this.pos;
			this.blankAt = i;
		}
		return this.blankAt >= this.line.length;
	}

	/** The rest of the line, a partly consumed tab as the spaces left of it. */
	rest(): string {
		if (this.partialTab) {
			return ' '.repeat(4 - (this.col % 4)) + this.line.slice(this.pos + 1);
		}
		return this.line.slice(this.pos);
	}
}

function trimStartBlank(text: string): string {
	let i = 0;
	while (i < text.length && isSpaceOrTab(text[i])) i++;
	return text.slice(i);
}

/** An ATX heading's text: trimmed, without its optional closing run of `#`. */
function headingText(raw: string): string {
	const text = trimBlank(raw);
	let end = text.length;
	while (end > 0 && text[end - 1] === '#') end--;
	if (end === 0) return '';
	if (end < text.length && isSpaceOrTab(text[end - 1])) return trimBlank(text.slice(0, end));
	return text;
}

/** Whether the rest of the line is a thematic break: three or more `*`, `-` or `_`, blanks between. */
function isThematicBreak(cursor: LineCursor): boolean {
	const line = cursor.line;
	const marker = line[cursor.pos];
	if (marker !== '*' && marker !== '-' && marker !== '_') return false;
	let count = 0;
	for (let i = cursor.pos; i < line.length; i++) {
		const c = line[i];
		if (c === marker) count++;
		else if (!isSpaceOrTab(c)) return false;
	}
	return count >= 3;
}

/** The setext underline's heading level (`===` 1, `---` 2), or 0. */
function setextLevel(cursor: LineCursor): number {
	const line = cursor.line;
	const marker = line[cursor.pos];
	if (marker !== '=' && marker !== '-') return 0;
	let i = cursor.pos;
	while (line[i] === marker) i++;
	while (isSpaceOrTab(line[i])) i++;
	if (i < line.length) return 0;
	return marker === '=' ? 1 : 2;
}

interface ListMarker {
	ordered: boolean;
	marker: string;
	start: number;
	/** characters the marker spans */
	width: number;
}

/** A list item's marker at the cursor (`-`, `+`, `*`, or 1-9 digits and `.` or `)`), then a blank or line end. */
function listMarkerAt(cursor: LineCursor): ListMarker | undefined {
	const line = cursor.line;
	const c = line[cursor.pos];
	let marker: ListMarker;
	if (c === '-' || c === '+' || c === '*') {
		marker = { ordered: false, marker: c, start: 1, width: 1 };
	} else {
		let i = cursor.pos;
		while (i < line.length && i - cursor.pos < 10 && line[i] >= '0' && line[i] <= '9') i++;
		const digits = i - cursor.pos;
		if (digits === 0 || digits > 9 || (line[i] !== '.' && line[i] !== ')')) return undefined;
		marker = {
			ordered: true,
			marker: line[i],
			start: parseInt(line.slice(cursor.pos, i), 10),
			width: digits + 1,
		};
	}
	const after = line[cursor.pos + marker.width];
	return after === undefined || isSpaceOrTab(after) ? marker : undefined;
}

/**
 * Reads Markdown's block structure line by line, as CommonMark's reference parser does: each line first
 * continues the open blocks it can (a quote's `>`, a list item's indentation), then may start new ones;
 * a paragraph line that continues nothing else continues the open paragraph ("lazy" continuation).
 */
class BlockParser {
	readonly document = newBlock('document', undefined);
	/** the deepest open block */
	private tip: Block = this.document;
	private oldTip: Block = this.document;
	private lastMatched: Block = this.document;
	private allClosed = true;
	/** the line that opened a fence is not a line of its code */
	private fenceOpened = false;

	parse(text: string): Block {
		const lines = text.split('\n');
		// a final line end ends the last line; it does not start an empty one
		if (lines[lines.length - 1] === '') lines.pop();
		for (const line of lines) this.addLine(line);
		while (this.tip !== this.document) this.finalize(this.tip);
		this.finalize(this.document);
		return this.document;
	}

	private addLine(line: string): void {
		const cursor = new LineCursor(line);
		this.oldTip = this.tip;
		this.fenceOpened = false;

		// 1. The open blocks this line continues.
		let container = this.document;
		for (;;) {
			const last = container.children[container.children.length - 1];
			if (!last || !last.open) break;
			const continued = this.continues(last, cursor);
			if (continued === 'line used') return;
			if (continued === 'no') break;
			container = last;
		}
		this.allClosed = container === this.oldTip;
		this.lastMatched = container;

		// 2. The blocks this line starts.
		while (container.kind !== 'code' && container.kind !== 'heading') {
			if (cursor.indent(4) >= 4) {
				if (this.tip.kind !== 'paragraph' && !cursor.isBlank()) {
					cursor.skipColumns(4);
					this.closeUnmatched();
					container = this.addChild('code');
				}
				break;
			}
			const started = this.startBlock(container, cursor);
			if (!started) break;
			container = started;
			if (started.kind !== 'quote' && started.kind !== 'item') break;
		}

		// 3. The rest of the line.
		if (!this.allClosed && !cursor.isBlank() && this.tip.kind === 'paragraph') {
			this.tip.lines.push(trimStartBlank(cursor.rest()));
			return;
		}
		this.closeUnmatched();
		if (container.kind === 'paragraph') {
			container.lines.push(trimStartBlank(cursor.rest()));
		} else if (container.kind === 'code') {
			if (!this.fenceOpened) container.lines.push(cursor.rest());
		} else if (container.kind !== 'heading' && container.kind !== 'divider' && !cursor.isBlank()) {
			this.addChild('paragraph').lines.push(trimStartBlank(cursor.rest()));
		}
	}

	/** Whether `block` goes on in this line, consuming its prefix; 'line used' for a closing fence. */
	private continues(block: Block, cursor: LineCursor): 'yes' | 'no' | 'line used' {
		switch (block.kind) {
			case 'quote': {
				const indent = cursor.indent(4);
				if (indent > 3) return 'no';
				const saved = cursor.save();
				cursor.skipColumns(indent);
				if (cursor.char !== '>') {
					cursor.restore(saved);
					return 'no';
				}
				cursor.advance();
				if (isSpaceOrTab(cursor.char)) cursor.skipColumns(1);
				return 'yes';
			}
			case 'list':
				return 'yes';
			case 'item':
				if (cursor.isBlank()) return block.children.length > 0 ? 'yes' : 'no';
				if (cursor.indent(block.contentOffset) < block.contentOffset) return 'no';
				cursor.skipColumns(block.contentOffset);
				return 'yes';
			case 'paragraph':
				return cursor.isBlank() ? 'no' : 'yes';
			case 'code': {
				const fence = block.fence;
				if (!fence) {
					if (cursor.indent(4) >= 4) cursor.skipColumns(4);
					else if (cursor.isBlank()) cursor.skipColumns(cursor.indent(4));
					else return 'no';
					return 'yes';
				}
				const indent = cursor.indent(4);
				if (indent <= 3 && this.closesFence(fence, cursor, indent)) {
					this.finalize(block);
					return 'line used';
				}
				cursor.skipColumns(Math.min(indent, fence.indent));
				return 'yes';
			}
			default:
				return 'no';
		}
	}

	private closesFence(fence: Fence, cursor: LineCursor, indent: number): boolean {
		const line = cursor.line;
		const saved = cursor.save();
		cursor.skipColumns(indent);
		let i = cursor.pos;
		while (line[i] === fence.char) i++;
		const length = i - cursor.pos;
		while (isSpaceOrTab(line[i])) i++;
		cursor.restore(saved);
		return length >= fence.length && i >= line.length;
	}

	/** The block this line starts at the cursor inside `container`, or undefined (the cursor unmoved). */
	private startBlock(container: Block, cursor: LineCursor): Block | undefined {
		const saved = cursor.save();
		const startCol = cursor.col;
		cursor.skipColumns(cursor.indent(3));
		const c = cursor.char;
		// a quote is one container more, a list and its item two
		const roomForQuote = container.depth + 1 <= MAX_CONTAINER_DEPTH;
		const roomForList = container.depth + 2 <= MAX_CONTAINER_DEPTH;

		if (c === '>' && roomForQuote) {
			cursor.advance();
			if (isSpaceOrTab(cursor.char)) cursor.skipColumns(1);
			this.closeUnmatched();
			return this.addChild('quote');
		}

		if (c === '#') {
			const line = cursor.line;
			let i = cursor.pos;
			while (line[i] === '#') i++;
			const level = i - cursor.pos;
			if (level <= 6 && (i === line.length || isSpaceOrTab(line[i]))) {
				this.closeUnmatched();
				const heading = this.addChild('heading');
				heading.level = level;
				heading.lines.push(headingText(line.slice(i)));
				cursor.skipToEnd();
				return heading;
			}
		}

		if (c === '`' || c === '~') {
			const line = cursor.line;
			let i = cursor.pos;
			while (line[i] === c) i++;
			const length = i - cursor.pos;
			if (length >= 3 && (c === '~' || !line.includes('`', i))) {
				this.closeUnmatched();
				const code = this.addChild('code');
				code.fence = { char: c, length, indent: cursor.col - startCol };
				this.fenceOpened = true;
				cursor.skipToEnd();
				return code;
			}
		}

		if (container.kind === 'paragraph' && container === this.tip) {
			const level = setextLevel(cursor);
			if (level > 0) {
				container.kind = 'heading';
				container.level = level;
				container.lines = [trimBlank(container.lines.join('\n'))];
				cursor.skipToEnd();
				return container;
			}
		}

		if (isThematicBreak(cursor)) {
			this.closeUnmatched();
			const divider = this.addChild('divider');
			cursor.skipToEnd();
			return divider;
		}

		const marker = roomForList ? listMarkerAt(cursor) : undefined;
		if (marker) {
			cursor.advance(marker.width);
			const markerEnd = cursor.col;
			const blankItem = cursor.isBlank();
			// an item interrupts a paragraph only with content, and a numbered one only from 1
			const interrupts = container.kind === 'paragraph';
			if (!interrupts || (!blankItem && (!marker.ordered || marker.start === 1))) {
				let contentOffset: number;
				if (blankItem) {
					contentOffset = markerEnd + 1 - startCol;
				} else {
					const spaces = cursor.indent(5);
					// five or more blanks: the content is indented code after one blank
					cursor.skipColumns(spaces >= 5 ? 1 : spaces);
					contentOffset = cursor.col - startCol;
				}
				this.closeUnmatched();
				const tip = this.tip;
				if (tip.kind !== 'list' || tip.ordered !== marker.ordered || tip.marker !== marker.marker) {
					const list = this.addChild('list');
					list.ordered = marker.ordered;
					list.marker = marker.marker;
					list.start = marker.start;
				}
				const item = this.addChild('item');
				item.contentOffset = contentOffset;
				return item;
			}
		}

		cursor.restore(saved);
		return undefined;
	}

	private addChild(kind: BlockKind): Block {
		while (!canContain(this.tip.kind, kind)) this.finalize(this.tip);
		const block = newBlock(kind, this.tip);
		this.tip.children.push(block);
		this.tip = block;
		return block;
	}

	/** Closes the blocks this line did not continue, once it is clear it is not a lazy paragraph line. */
	private closeUnmatched(): void {
		if (this.allClosed) return;
		while (this.oldTip !== this.lastMatched && this.oldTip.parent) {
			const parent = this.oldTip.parent;
			this.finalize(this.oldTip);
			this.oldTip = parent;
		}
		this.allClosed = true;
	}

	private finalize(block: Block): void {
		block.open = false;
		if (block.kind === 'code' && !block.fence) {
			// indented code ends at its last non-blank line
			let end = block.lines.length;
			while (end > 0 && trimBlank(block.lines[end - 1]) === '') end--;
			block.lines.length = end;
		}
		if (block.parent && this.tip === block) this.tip = block.parent;
	}
}

// ————————————————————————————————————————————————— inline pass

type InlineKind =
	| 'text'
	| 'code'
	| 'softbreak'
	| 'hardbreak'
	| 'strong'
	| 'em'
	| 'strike'
	| 'link'
	| 'image';

/** Inline content as a linked list, so that wrapping a run of it in emphasis or a link costs O(1). */
interface InlineNode {
	kind: InlineKind;
	/** text and code: the characters; link and image: the destination */
	text: string;
	first: InlineNode | undefined;
	last: InlineNode | undefined;
	prev: InlineNode | undefined;
	next: InlineNode | undefined;
}

function inlineNode(kind: InlineKind, text = ''): InlineNode {
	return { kind, text, first: undefined, last: undefined, prev: undefined, next: undefined };
}

/** A run of `*`, `_` or `~~` that may open or close emphasis (CommonMark's delimiter stack). */
interface Delimiter {
	/** its place in the text: delimiters are compared by it, whether or not those between still exist */
	position: number;
	char: string;
	count: number;
	originalCount: number;
	node: InlineNode;
	canOpen: boolean;
	canClose: boolean;
	prev: Delimiter | undefined;
	next: Delimiter | undefined;
}

/** A `[` or `![` waiting for its `]`. */
interface Bracket {
	node: InlineNode;
	image: boolean;
	/** links completed when it opened: a link completed since makes it inactive (links hold no links) */
	linksBefore: number;
	delimiterBelow: Delimiter | undefined;
	prev: Bracket | undefined;
}

/** Characters that may begin inline syntax; everything else is read as text in one slice. */
const SPECIAL = new Uint8Array(128);
for (const c of '\n\\`*_~[]!<{') SPECIAL[c.charCodeAt(0)] = 1;

const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const AUTOLINK_END = /[\s<>]/;
const VARIABLE_CHARACTER = /[A-Za-z0-9_.]/;

function isUnicodeWhitespace(c: string): boolean {
	return WHITESPACE.test(c);
}

function isUnicodePunctuation(c: string): boolean {
	return PUNCTUATION.test(c);
}

/** The inline content of one block, per CommonMark (emphasis, code spans, links, images, breaks). */
class InlineParser {
	readonly root = inlineNode('text');
	private pos = 0;
	/** text read but not yet in a node */
	private buffer = '';
	private delimiters: Delimiter | undefined;
	private brackets: Bracket | undefined;
	private linksCompleted = 0;
	private delimitersRead = 0;
	/** start of every run of backticks, by run length, and how far each list has been searched */
	private readonly backtickRuns = new Map<number, number[]>();
	private readonly backtickSearched = new Map<number, number>();
	/** a `[` after the last `]` can open no link: it is text, and costs no bracket */
	private readonly lastCloseBracket: number;

	constructor(private readonly text: string) {
		this.lastCloseBracket = text.lastIndexOf(']');
		for (let i = 0; i < text.length; ) {
			if (text[i] !== '`') {
				i++;
				continue;
			}
			const start = i;
			while (text[i] === '`') i++;
			const runs = this.backtickRuns.get(i - start) ?? [];
			runs.push(start);
			this.backtickRuns.set(i - start, runs);
		}
	}

	parse(): InlineNode {
		const text = this.text;
		while (this.pos < text.length) {
			const c = text[this.pos];
			const code = text.charCodeAt(this.pos);
			if (code >= 128 || SPECIAL[code] === 0) {
				let end = this.pos + 1;
				while (end < text.length) {
					const next = text.charCodeAt(end);
					if (next < 128 && SPECIAL[next] === 1) break;
					end++;
				}
				this.buffer += text.slice(this.pos, end);
				this.pos = end;
				continue;
			}
			switch (c) {
				case '\n':
					this.lineEnd();
					break;
				case '\\':
					this.backslash();
					break;
				case '`':
					this.codeSpan();
					break;
				case '*':
				case '_':
				case '~':
					this.delimiterRun(c);
					break;
				case '[':
					if (this.pos < this.lastCloseBracket) this.openBracket(false, 1);
					else this.literal(1);
					break;
				case '!':
					if (text[this.pos + 1] === '[' && this.pos < this.lastCloseBracket) {
						this.openBracket(true, 2);
					} else {
						this.literal(1);
					}
					break;
				case ']':
					this.closeBracket();
					break;
				case '<':
					this.autolink();
					break;
				default:
					this.variable();
			}
		}
		this.flush();
		this.processEmphasis(undefined);
		return this.root;
	}

	private literal(length: number): void {
		this.buffer += this.text.slice(this.pos, this.pos + length);
		this.pos += length;
	}

	private flush(): void {
		if (this.buffer === '') return;
		this.append(inlineNode('text', this.buffer));
		this.buffer = '';
	}

	private append(node: InlineNode): void {
		node.prev = this.root.last;
		if (this.root.last) this.root.last.next = node;
		else this.root.first = node;
		this.root.last = node;
	}

	private remove(node: InlineNode): void {
		if (node.prev) node.prev.next = node.next;
		else this.root.first = node.next;
		if (node.next) node.next.prev = node.prev;
		else this.root.last = node.prev;
		node.prev = node.next = undefined;
	}

	/** Makes the nodes strictly between `after` and `before` (or to the end) the children of `parent`. */
	private adopt(parent: InlineNode, after: InlineNode, before: InlineNode | undefined): void {
		const first = after.next;
		const last = before ? before.prev : this.root.last;
		if (first && first !== before && last) {
			parent.first = first;
			parent.last = last;
			first.prev = undefined;
			last.next = undefined;
		}
		parent.prev = after;
		parent.next = before;
		after.next = parent;
		if (before) before.prev = parent;
		else this.root.last = parent;
	}

	/** Soft break, or hard break after two or more spaces. */
	private lineEnd(): void {
		let end = this.buffer.length;
		while (end > 0 && this.buffer[end - 1] === ' ') end--;
		const hard = this.buffer.length - end >= 2;
		this.buffer = this.buffer.slice(0, end);
		this.flush();
		this.append(inlineNode(hard ? 'hardbreak' : 'softbreak'));
		this.pos++;
		while (isSpaceOrTab(this.text[this.pos])) this.pos++;
	}

	private backslash(): void {
		const next = this.text[this.pos + 1];
		if (next === '\n') {
			this.flush();
			this.append(inlineNode('hardbreak'));
			this.pos += 2;
			while (isSpaceOrTab(this.text[this.pos])) this.pos++;
		} else if (isAsciiPunctuation(next)) {
			this.buffer += next;
			this.pos += 2;
		} else {
			this.literal(1);
		}
	}

	/** A code span: a run of backticks up to the next run of the same length; without one, literal text. */
	private codeSpan(): void {
		const text = this.text;
		const start = this.pos;
		let end = start;
		while (text[end] === '`') end++;
		const length = end - start;
		const closer = this.nextBacktickRun(length, end);
		if (closer === undefined) {
			this.literal(length);
			return;
		}
		let content = text.slice(end, closer).replace(/\n/g, ' ');
		if (
			content.length >= 2 &&
			content[0] === ' ' &&
			content[content.length - 1] === ' ' &&
			trimBlank(content) !== ''
		) {
			content = content.slice(1, -1);
		}
		this.flush();
		this.append(inlineNode('code', content));
		this.pos = closer + length;
	}

	/** The start of the first run of exactly `length` backticks at or after `from`; each list is read once. */
	private nextBacktickRun(length: number, from: number): number | undefined {
		const runs = this.backtickRuns.get(length);
		if (!runs) return undefined;
		let index = this.backtickSearched.get(length) ?? 0;
		while (index < runs.length && runs[index] < from) index++;
		this.backtickSearched.set(length, index);
		return runs[index];
	}

	/** A run of `*`, `_` or `~`, and whether it can open or close emphasis (CommonMark's flanking rules). */
	private delimiterRun(char: string): void {
		const text = this.text;
		const start = this.pos;
		while (text[this.pos] === char) this.pos++;
		const count = this.pos - start;
		const run = text.slice(start, this.pos);
		// strikethrough is `~~` exactly: a single `~` ("~5 minutes") stays text
		if (char === '~' && count !== 2) {
			this.buffer += run;
			return;
		}
		const before = start > 0 ? text[start - 1] : '\n';
		const after = this.pos < text.length ? text[this.pos] : '\n';
		const beforeSpace = isUnicodeWhitespace(before);
		const afterSpace = isUnicodeWhitespace(after);
		const beforePunctuation = isUnicodePunctuation(before);
		const afterPunctuation = isUnicodePunctuation(after);
		const leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation);
		const rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation);
		let canOpen = leftFlanking;
		let canClose = rightFlanking;
		if (char === '_') {
			// no emphasis inside words with `_` (snake_case_names)
			canOpen = leftFlanking && (!rightFlanking || beforePunctuation);
			canClose = rightFlanking && (!leftFlanking || afterPunctuation);
		}
		this.flush();
		const node = inlineNode('text', run);
		this.append(node);
		if (!canOpen && !canClose) return;
		const delimiter: Delimiter = {
			position: this.delimitersRead++,
			char,
			count,
			originalCount: count,
			node,
			canOpen,
			canClose,
			prev: this.delimiters,
			next: undefined,
		};
		if (this.delimiters) this.delimiters.next = delimiter;
		this.delimiters = delimiter;
	}

	private removeDelimiter(delimiter: Delimiter): void {
		if (delimiter.prev) delimiter.prev.next = delimiter.next;
		if (delimiter.next) delimiter.next.prev = delimiter.prev;
		else this.delimiters = delimiter.prev;
	}

	/**
	 * CommonMark's "process emphasis": matches closers with the nearest possible opener above `bottom`.
	 * `openersBottom` remembers, per kind of closer, the position at or below which no opener can match, so
	 * unmatched closers do not search the same openers again: the whole is linear. (A position, not the
	 * delimiter: that one may be matched and removed meanwhile, and the search must still stop there.)
	 */
	private processEmphasis(bottom: Delimiter | undefined): void {
		const openersBottom = new Map<string, number>();
		const bottomPosition = bottom ? bottom.position : -1;
		let closer = bottom ? bottom.next : this.firstDelimiter();
		while (closer) {
			if (!closer.canClose) {
				closer = closer.next;
				continue;
			}
			const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.originalCount % 3}`;
			const limit = Math.max(openersBottom.get(key) ?? -1, bottomPosition);
			let opener = closer.prev;
			let found = false;
			while (opener && opener.position > limit) {
				const oddMatch =
					(closer.canOpen || opener.canClose) &&
					closer.originalCount % 3 !== 0 &&
					(opener.originalCount + closer.originalCount) % 3 === 0;
				if (opener.char === closer.char && opener.canOpen && !oddMatch) {
					found = true;
					break;
				}
				opener = opener.prev;
			}
			if (found && opener) {
				const used = closer.char === '~' || (closer.count >= 2 && opener.count >= 2) ? 2 : 1;
				opener.count -= used;
				closer.count -= used;
				opener.node.text = opener.node.text.slice(used);
				closer.node.text = closer.node.text.slice(used);
				const kind: InlineKind = closer.char === '~' ? 'strike' : used === 2 ? 'strong' : 'em';
				this.adopt(inlineNode(kind), opener.node, closer.node);
				// delimiters between the two are now inside the emphasis, and done with
				opener.next = closer;
				closer.prev = opener;
				if (opener.count === 0) {
					this.remove(opener.node);
					this.removeDelimiter(opener);
				}
				if (closer.count === 0) {
					const next = closer.next;
					this.remove(closer.node);
					this.removeDelimiter(closer);
					closer = next;
				}
			} else {
				openersBottom.set(key, closer.prev ? closer.prev.position : -1);
				const next = closer.next;
				if (!closer.canOpen) this.removeDelimiter(closer);
				closer = next;
			}
		}
		while (this.delimiters && this.delimiters !== bottom) this.removeDelimiter(this.delimiters);
	}

	private firstDelimiter(): Delimiter | undefined {
		let delimiter = this.delimiters;
		while (delimiter?.prev) delimiter = delimiter.prev;
		return delimiter;
	}

	private openBracket(image: boolean, length: number): void {
		this.flush();
		const node = inlineNode('text', image ? '![' : '[');
		this.append(node);
		this.brackets = {
			node,
			image,
			linksBefore: this.linksCompleted,
			delimiterBelow: this.delimiters,
			prev: this.brackets,
		};
		this.pos += length;
	}

	/** `]`: with a `(destination)` after it, the bracketed text becomes a link or an image. */
	private closeBracket(): void {
		this.pos++;
		const opener = this.brackets;
		if (!opener) {
			this.buffer += ']';
			return;
		}
		this.brackets = opener.prev;
		const active = opener.image || opener.linksBefore === this.linksCompleted;
		const target = active ? this.linkDestination(this.pos) : undefined;
		const kind = target && targetKind(target.url, opener.image);
		if (!target || !kind) {
			this.buffer += ']';
			return;
		}
		this.flush();
		this.processEmphasis(opener.delimiterBelow);
		const node = inlineNode(opener.image ? 'image' : 'link', target.url);
		this.adopt(node, opener.node, undefined);
		this.remove(opener.node);
		this.pos = target.end;
		if (!opener.image) this.linksCompleted++;
	}

	/**
	 * `(destination "optional title")` at `start`: the destination (backslash escapes removed) and where the
	 * parenthesis ends. No whitespace in a bare destination and parentheses nested at most
	 * MAX_URL_PAREN_DEPTH deep, so a failed attempt scans a short stretch, not the rest of the text.
	 */
	private linkDestination(start: number): { url: string; end: number } | undefined {
		const text = this.text;
		if (text[start] !== '(') return undefined;
		let i = start + 1;
		while (isSpaceOrTab(text[i]) || text[i] === '\n') i++;
		let raw: string;
		if (text[i] === '<') {
			let j = i + 1;
			while (j < text.length && text[j] !== '>' && text[j] !== '<' && text[j] !== '\n') {
				j += text[j] === '\\' ? 2 : 1;
			}
			if (text[j] !== '>') return undefined;
			raw = text.slice(i + 1, j);
			i = j + 1;
		} else {
			let j = i;
			let depth = 0;
			while (j < text.length) {
				const c = text[j];
				if (c === '\\' && isAsciiPunctuation(text[j + 1])) {
					j += 2;
					continue;
				}
				if (c === '(') {
					if (++depth > MAX_URL_PAREN_DEPTH) return undefined;
				} else if (c === ')') {
					if (depth === 0) break;
					depth--;
				} else if (isSpaceOrTab(c) || c === '\n') {
					break;
				}
				j++;
			}
			if (depth !== 0) return undefined;
			raw = text.slice(i, j);
			i = j;
		}
		while (isSpaceOrTab(text[i]) || text[i] === '\n') i++;
		const quote = text[i];
		if (quote === '"' || quote === "'") {
			let j = i + 1;
			while (j < text.length && text[j] !== quote) j += text[j] === '\\' ? 2 : 1;
			if (j >= text.length) return undefined;
			i = j + 1;
			while (isSpaceOrTab(text[i]) || text[i] === '\n') i++;
		}
		if (text[i] !== ')') return undefined;
		return { url: unescapeBackslashes(raw), end: i + 1 };
	}

	/** `<https://…>`, `<mailto:…>` or `<name@example.com>`: a link; any other `<` is text (HTML is text). */
	private autolink(): void {
		const text = this.text;
		let end = this.pos + 1;
		while (end < text.length && !AUTOLINK_END.test(text[end])) end++;
		if (text[end] === '>') {
			const inside = text.slice(this.pos + 1, end);
			let url: string | undefined;
			if (targetKind(inside, false) === 'url') url = inside;
			else if (isEmailAddress(inside)) url = `mailto:${inside}`;
			if (url) {
				this.flush();
				const link = inlineNode('link', url);
				const label = inlineNode('text', inside);
				link.first = link.last = label;
				this.append(link);
				this.pos = end + 1;
				return;
			}
		}
		this.literal(1);
	}

	/** A Loops variable such as `{contact.first_name}` is text as it stands: its `_` is not emphasis. */
	private variable(): void {
		const text = this.text;
		let end = this.pos + 1;
		while (end < text.length && VARIABLE_CHARACTER.test(text[end])) end++;
		if (text[end] === '}' && LOOPS_VARIABLE.test(text.slice(this.pos, end + 1))) {
			this.literal(end + 1 - this.pos);
		} else {
			this.literal(1);
		}
	}
}

function parseInline(text: string): InlineNode {
	return new InlineParser(text).parse();
}

// ————————————————————————————————————————————————— LMX writing

const FORMAT_TAGS: Partial<Record<InlineKind, string>> = {
	strong: 'Strong',
	em: 'Em',
	strike: 'Strike',
	link: 'Link',
};

/** A paragraph's content around the images that stand in it: an image is a block in LMX. */
type Segment = { lmx: string } | { image: { src: string; alt: string } };

/** The text of inline content, without formatting (an image's alt text). Iterative: nesting may be deep. */
function plainText(node: InlineNode): string {
	const parts: string[] = [];
	const pending: Array<InlineNode | undefined> = [node.first];
	while (pending.length > 0) {
		const current = pending.pop();
		if (!current) continue;
		pending.push(current.next);
		if (current.kind === 'text' || current.kind === 'code') parts.push(current.text);
		else if (current.kind === 'softbreak' || current.kind === 'hardbreak') parts.push(' ');
		else pending.push(current.first);
	}
	return parts.join('');
}

/**
 * Inline content as LMX. A format already open is not opened again (`**a **b** c**`: one `Strong`), so the
 * LMX nests at most one level per kind whatever the Markdown's depth; the walk keeps its own stack.
 * With `splitImages`, images at the paragraph's own level come out as separate segments.
 */
function renderInline(
	root: InlineNode,
	options: { splitImages: boolean; insideStrong?: boolean },
): Segment[] {
	const segments: Segment[] = [];
	let out = '';
	const open = new Map<InlineKind, number>([['strong', options.insideStrong ? 1 : 0]]);
	const frames: Array<{
		next: InlineNode | undefined;
		kind: InlineKind | undefined;
		close: string;
	}> = [{ next: root.first, kind: undefined, close: '' }];
	while (frames.length > 0) {
		const frame = frames[frames.length - 1];
		const node = frame.next;
		if (!node) {
			out += frame.close;
			if (frame.kind) open.set(frame.kind, (open.get(frame.kind) ?? 1) - 1);
			frames.pop();
			continue;
		}
		frame.next = node.next;
		switch (node.kind) {
			case 'text':
				out += escapeText(node.text);
				break;
			case 'code':
				out += `<Code>${escapeText(node.text)}</Code>`;
				break;
			case 'softbreak':
				out += ' ';
				break;
			case 'hardbreak':
				out += '<Br />';
				break;
			case 'image': {
				const alt = plainText(node);
				if (options.splitImages && frames.length === 1 && targetKind(node.text, true) === 'url') {
					segments.push({ lmx: out });
					out = '';
					segments.push({ image: { src: node.text, alt } });
				} else if ((open.get('link') ?? 0) > 0) {
					out += escapeText(alt);
				} else {
					const label = alt === '' ? node.text : alt;
					out += `<Link href="${escapeAttribute(node.text)}">${escapeText(label)}</Link>`;
				}
				break;
			}
			default: {
				const kind = node.kind;
				const alreadyOpen = (open.get(kind) ?? 0) > 0;
				if (kind === 'link' && !node.first) {
					// an empty link text shows the address
					const label = escapeText(node.text);
					out += alreadyOpen ? label : `<Link href="${escapeAttribute(node.text)}">${label}</Link>`;
					break;
				}
				if (alreadyOpen) {
					frames.push({ next: node.first, kind: undefined, close: '' });
					break;
				}
				const tag = FORMAT_TAGS[kind] ?? 'Text';
				out += kind === 'link' ? `<Link href="${escapeAttribute(node.text)}">` : `<${tag}>`;
				open.set(kind, 1);
				frames.push({ next: node.first, kind, close: `</${tag}>` });
			}
		}
	}
	segments.push({ lmx: out });
	return segments;
}

/** Inline content as one LMX string, images as links to them. */
function inlineLmx(text: string, insideStrong = false): string {
	const [segment] = renderInline(parseInline(text), { splitImages: false, insideStrong });
	return 'lmx' in segment ? trimBlank(segment.lmx) : '';
}

function blockText(block: Block): string {
	return trimBlank(block.lines.join('\n'));
}

/**
 * The list whose LMX list an item of `list` is written in: bullets nested in bullets stay in their outermost
 * bulleted list (indented, one list as in the Markdown); a numbered list, or one in a numbered list, is a list
 * of its own, so that no item takes another list's numbers.
 */
function listRun(list: Block): Block {
	let run = list;
	for (;;) {
		const parentList = run.parent?.parent;
		if (run.ordered || !parentList || parentList.kind !== 'list' || parentList.ordered) return run;
		run = parentList;
	}
}

/**
 * Collects the top-level blocks. List items gather into the list they belong to until another block comes;
 * a later paragraph of the same Markdown item joins its `ListItem` while nothing came between.
 */
class LmxWriter {
	private readonly blocks: string[] = [];
	private list:
		| { source: Block; start: number; items: Array<{ attributes: string; parts: string[] }> }
		| undefined;
	private lastItemSource: Block | undefined;

	block(lmx: string): void {
		this.endList();
		this.blocks.push(lmx);
	}

	listItem(list: Block, item: Block, number: number, depth: number, content: string): void {
		const source = listRun(list);
		if (this.list?.source !== source) {
			this.endList();
			this.list = { source, start: number, items: [] };
		}
		const levels = Math.min(depth, MAX_INDENT_LEVELS);
		const attributes = levels > 0 ? ` paddingLeft="${levels * INDENT_PER_LEVEL}"` : '';
		this.list.items.push({ attributes, parts: [content] });
		this.lastItemSource = item;
	}

	/** Adds a paragraph to the `ListItem` of `item` if it was the last thing written. */
	continueItem(item: Block, content: string): boolean {
		const last = this.list?.items[this.list.items.length - 1];
		if (!last || this.lastItemSource !== item) return false;
		if (content !== '') last.parts.push('<Br /><Br />', content);
		return true;
	}

	finish(): string {
		this.endList();
		return this.blocks.join('\n');
	}

	private endList(): void {
		const list = this.list;
		this.list = undefined;
		this.lastItemSource = undefined;
		if (!list) return;
		const tag = list.source.ordered ? 'OrderedList' : 'UnorderedList';
		const start = list.source.ordered && list.start !== 1 ? ` start="${list.start}"` : '';
		const items = list.items.map(
			(item) => `  <ListItem${item.attributes}>${item.parts.join('')}</ListItem>`,
		);
		this.blocks.push(`<${tag}${start}>\n${items.join('\n')}\n</${tag}>`);
	}
}

/** A paragraph as `Paragraph`s, with each image standing in it as an `Image` between them. */
function writeParagraph(writer: LmxWriter, text: string): void {
	for (const segment of renderInline(parseInline(text), { splitImages: true })) {
		if ('image' in segment) {
			const { src, alt } = segment.image;
			const altAttribute = alt === '' ? '' : ` alt="${escapeAttribute(alt)}"`;
			writer.block(`<Image src="${escapeAttribute(src)}"${altAttribute} />`);
		} else {
			const content = trimBlank(segment.lmx);
			if (content !== '') writer.block(`<Paragraph>${content}</Paragraph>`);
		}
	}
}

/** Inline content of a block that can stand in a list item or a quote (a heading's text in bold). */
function itemContent(block: Block): string {
	if (block.kind === 'heading') {
		const content = inlineLmx(blockText(block), true);
		return content === '' ? '' : `<Strong>${content}</Strong>`;
	}
	return inlineLmx(blockText(block));
}

/**
 * A block inside a quote, as inline content appended to `parts`: a quote holds no blocks in LMX. Everything
 * goes into one array joined once, so a quote nested 64 deep copies its text once, not once per level.
 */
function appendQuoted(block: Block, parts: string[]): void {
	switch (block.kind) {
		case 'paragraph':
		case 'heading': {
			const content = itemContent(block);
			if (content !== '') parts.push(content);
			break;
		}
		case 'code':
			if (block.lines.length > 0) {
				parts.push(`<Code>${block.lines.map(escapeText).join('<Br />')}</Code>`);
			}
			break;
		case 'quote':
			appendJoined(block.children, parts, '<Br /><Br />');
			break;
		case 'list':
			block.children.forEach((item, index) => {
				if (index > 0) parts.push('<Br />');
				parts.push(block.ordered ? `${block.start + index}. ` : '• ');
				appendJoined(item.children, parts, '<Br />');
			});
			break;
	}
}

/** The blocks' inline content, `separator` between those that have any. */
function appendJoined(blocks: Block[], parts: string[], separator: string): void {
	let written = false;
	for (const block of blocks) {
		const mark = parts.length;
		if (written) parts.push(separator);
		const start = parts.length;
		appendQuoted(block, parts);
		if (parts.length === start) parts.length = mark;
		else written = true;
	}
}

function writeList(writer: LmxWriter, list: Block, depth: number): void {
	list.children.forEach((item, index) => {
		const number = list.start + index;
		const [first] = item.children;
		let rest = item.children;
		if (!first) {
			writer.listItem(list, item, number, depth, '');
		} else if (first.kind === 'paragraph' || first.kind === 'heading') {
			writer.listItem(list, item, number, depth, itemContent(first));
			rest = item.children.slice(1);
		}
		for (const child of rest) {
			const joins =
				(child.kind === 'paragraph' || child.kind === 'heading') &&
				writer.continueItem(item, itemContent(child));
			if (!joins) writeBlock(writer, child, depth + 1);
		}
	});
}

function writeBlock(writer: LmxWriter, block: Block, listDepth: number): void {
	switch (block.kind) {
		case 'paragraph':
			writeParagraph(writer, blockText(block));
			break;
		case 'heading': {
			const content = inlineLmx(blockText(block));
			const level = Math.min(block.level, 3);
			if (content !== '') writer.block(`<H${level}>${content}</H${level}>`);
			break;
		}
		case 'code':
			writer.block(`<CodeBlock>${escapeText(block.lines.join('\n'))}</CodeBlock>`);
			break;
		case 'divider':
			writer.block('<Divider />');
			break;
		case 'quote': {
			const parts: string[] = [];
			appendQuoted(block, parts);
			if (parts.length > 0) writer.block(`<Quote>${parts.join('')}</Quote>`);
			break;
		}
		case 'list':
			writeList(writer, block, listDepth);
			break;
		default:
			for (const child of block.children) writeBlock(writer, child, listDepth);
	}
}

/**
 * Markdown (CommonMark's core and `~~strike~~`) as LMX: headings `#`-`###` (deeper ones as `H3`), paragraphs,
 * `**bold**`, `*italic*`, `` `code` ``, `~~strike~~`, links, images, lists, quotes, fenced and indented code,
 * thematic breaks; everything else as escaped text. Any string gives LMX Loops compiles.
 */
export function markdownToLmx(markdown: string): string {
	const text = cleanInput(typeof markdown === 'string' ? markdown : String(markdown ?? ''));
	const document = new BlockParser().parse(text);
	const writer = new LmxWriter();
	writeBlock(writer, document, 0);
	return writer.finish();
}
