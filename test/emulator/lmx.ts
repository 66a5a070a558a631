/**
 * What Loops would refuse to compile in an LMX document (Loops' XML-like email markup): the emulator's
 * email-message update answers 422 quoting these messages. An empty array means the document compiles.
 *
 * The rules follow Loops' LMX reference ("Core rules", the tag reference and "Common mistakes" of
 * loops.so/docs/creating-emails/lmx, and the LMX specification Loops publishes for its agent skills):
 * - only documented, case-sensitive PascalCase tags; attribute values are quoted strings;
 * - a document is a sequence of top-level block tags and at most one `<Style />`; text, variables and inline
 *   tags at the top level are invalid;
 * - `H1`-`H3`, `Paragraph`, `Quote` and `ListItem` hold inline content (text, variables, inline tags, `<Br />`)
 *   and nothing else: a `ListItem` holds no nested list, a `Quote` no `Paragraph`; `Button` holds text only,
 *   `CodeBlock` raw text only;
 * - lists hold one or more `ListItem`; `Columns` exactly two `ColumnItem`; `Icons` 1 to 100 `Icon`;
 *   `ColumnItem`, `Section` and `Component` hold blocks, but no `Style` and no `Columns`, `Section` or
 *   `Component` inside one of their own kind;
 * - `Image`, `Divider`, `Br`, `Icon` and `Style` are self-closing (`/>`);
 * - required attributes: `href` on `Link`, `src` on `Image` (no variables there: `dynamicSrc` takes them),
 *   `componentId` on `Component`, `name` on `Icon`; `textColor` is a 3- or 6-digit hex colour. A `Button`
 *   without `href` compiles (Loops' content checker, not the compiler, reports it), so it is not an error here;
 * - `<` and `&` in text and `"` and `&` in attribute values are escaped.
 * Unknown attributes are warnings in Loops, not errors, so they pass. Being XML, control characters other than
 * tab and line ends, and unpaired UTF-16 surrogates, are refused too.
 *
 * One pass over the input, constant work per character: a hostile 100 KB document costs what any other does.
 */

type ContentModel =
	/** the document, `ColumnItem`, `Section`, `Component`: block tags */
	| 'blocks'
	/** text, variables, inline tags and `<Br />` */
	| 'inline'
	/** `Button`: text and variables, no tags */
	| 'text'
	/** `CodeBlock`: literal text, no tags */
	| 'raw'
	/** a list: `ListItem` children only */
	| 'listItems'
	/** `Columns`: `ColumnItem` children only */
	| 'columnItems'
	/** `Icons`: `Icon` children only */
	| 'icons'
	/** self-closing tags */
	| 'empty'
	/** inside an unknown tag: anything, so that one typo is one error */
	| 'any';

interface TagRule {
	content: ContentModel;
	required?: string[];
	/** tags that may not appear anywhere inside this one (Loops: "cannot nest") */
	notInside?: string;
	/** the number of element children allowed, checked when the tag closes */
	children?: { min: number; max: number; of: string };
}

const BLOCK_TAGS = new Set([
	'H1',
	'H2',
	'H3',
	'Paragraph',
	'Quote',
	'CodeBlock',
	'Button',
	'Image',
	'Divider',
	'OrderedList',
	'UnorderedList',
	'Columns',
	'Component',
	'Icons',
	'Section',
]);

const INLINE_TAGS = new Set(['Strong', 'Em', 'Underline', 'Strike', 'Code', 'Text', 'Link', 'Br']);

/** Inline tags that take the optional `textColor` attribute. */
const COLOURED_TAGS = new Set(['Strong', 'Em', 'Underline', 'Strike', 'Code', 'Text']);

const RULES: Record<string, TagRule> = {
	H1: { content: 'inline' },
	H2: { content: 'inline' },
	H3: { content: 'inline' },
	Paragraph: { content: 'inline' },
	Quote: { content: 'inline' },
	ListItem: { content: 'inline' },
	CodeBlock: { content: 'raw' },
	Button: { content: 'text' },
	Image: { content: 'empty', required: ['src'] },
	Divider: { content: 'empty' },
	Br: { content: 'empty' },
	Style: { content: 'empty' },
	Icon: { content: 'empty', required: ['name'] },
	OrderedList: { content: 'listItems', children: { min: 1, max: Infinity, of: 'ListItem' } },
	UnorderedList: { content: 'listItems', children: { min: 1, max: Infinity, of: 'ListItem' } },
	Columns: {
		content: 'columnItems',
		notInside: 'Columns',
		children: { min: 2, max: 2, of: 'ColumnItem' },
	},
	ColumnItem: { content: 'blocks' },
	Section: { content: 'blocks', notInside: 'Section' },
	Component: { content: 'blocks', notInside: 'Component', required: ['componentId'] },
	Icons: { content: 'icons', children: { min: 1, max: 100, of: 'Icon' } },
	Strong: { content: 'inline' },
	Em: { content: 'inline' },
	Underline: { content: 'inline' },
	Strike: { content: 'inline' },
	Code: { content: 'inline' },
	Text: { content: 'inline' },
	Link: { content: 'inline', required: ['href'] },
};

/** Content models that hold text. */
const TEXT_CONTENT = new Set<ContentModel>(['inline', 'text', 'raw', 'any']);

/** Past this many, the list ends with a count: a 422 that quotes 50,000 errors helps nobody. */
const MAX_REPORTED_ERRORS = 20;

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** An element still open: where it began, and what it has held so far. */
interface OpenElement {
	name: string;
	line: number;
	/** what its children may be (`any` inside an unknown tag) */
	content: ContentModel;
	known: boolean;
	elementChildren: number;
	textReported: boolean;
}

function isNameStart(c: string): boolean {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}

function isNameChar(c: string): boolean {
	return isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.' || c === ':';
}

function isSpace(c: string): boolean {
	return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** XML's character rule, one UTF-16 unit at a time: the code of a forbidden one, or -1. */
function forbiddenCharCode(text: string, i: number): number {
	const code = text.charCodeAt(i);
	if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d ? -1 : code;
	if (code === 0xfffe || code === 0xffff) return code;
	if (code >= 0xd800 && code <= 0xdbff) {
		const next = text.charCodeAt(i + 1);
		return next >= 0xdc00 && next <= 0xdfff ? -1 : code;
	}
	if (code >= 0xdc00 && code <= 0xdfff) {
		const previous = text.charCodeAt(i - 1);
		return previous >= 0xd800 && previous <= 0xdbff ? -1 : code;
	}
	return -1;
}

function hex(code: number): string {
	return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}

const NAMED_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * The length of the character reference at `i` (which holds `&`), or 0 when it is not one XML knows:
 * the five named entities and numeric references to allowed characters. Looks at most 12 characters ahead.
 */
function entityLength(text: string, i: number): number {
	let end = i + 1;
	while (end < text.length && end - i <= 12 && text[end] !== ';') end++;
	if (text[end] !== ';') return 0;
	const body = text.slice(i + 1, end);
	if (NAMED_ENTITIES.has(body)) return end - i + 1;
	let code = NaN;
	if (/^#[0-9]{1,7}$/.test(body)) code = parseInt(body.slice(1), 10);
	else if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) code = parseInt(body.slice(2), 16);
	const allowed =
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		(code >= 0x10000 && code <= 0x10ffff);
	return allowed ? end - i + 1 : 0;
}

/** Checks one document; a new instance per call. */
class LmxChecker {
	private readonly errors: string[] = [];
	private omitted = 0;
	private readonly stack: OpenElement[] = [];
	/** how many of each tag are open, so a closing tag finds its opener without searching the stack */
	private readonly openCount = new Map<string, number>();
	private readonly document: OpenElement;
	private pos = 0;
	private line = 1;
	private styleCount = 0;
	/** a self-closing tag written `<Image ...>`: its `</Image>` right after is the same mistake, not a new one */
	private voidWithoutSlash: string | undefined;

	constructor(private readonly text: string) {
		this.document = {
			name: '',
			line: 1,
			content: 'blocks',
			known: true,
			elementChildren: 0,
			textReported: false,
		};
	}

	run(): string[] {
		const text = this.text;
		while (this.pos < text.length) {
			const c = text[this.pos];
			if (c === '<' && this.pos + 1 < text.length && this.startsMarkup(text[this.pos + 1])) {
				this.readMarkup();
			} else {
				this.readTextChar();
			}
		}
		for (let i = this.stack.length - 1; i >= 0; i--) {
			const open = this.stack[i];
			this.report(`Unclosed tag <${open.name}> opened at line ${open.line}`);
		}
		if (this.omitted > 0) this.errors.push(`…and ${this.omitted} more errors`);
		return this.errors;
	}

	private report(message: string): void {
		if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(message);
		else this.omitted++;
	}

	private get current(): OpenElement {
		return this.stack.length > 0 ? this.stack[this.stack.length - 1] : this.document;
	}

	private where(element: OpenElement): string {
		return element === this.document ? 'at the top level' : `inside <${element.name}>`;
	}

	private startsMarkup(next: string): boolean {
		return isNameStart(next) || next === '/' || next === '!' || next === '?';
	}

	/** One character of text: escaping, XML's character rule, and whether text may stand here. */
	private readTextChar(): void {
		const text = this.text;
		const c = text[this.pos];
		if (c === '\n') {
			this.line++;
			this.pos++;
			return;
		}
		if (isSpace(c)) {
			this.pos++;
			return;
		}
		this.voidWithoutSlash = undefined;
		const parent = this.current;
		if (!parent.textReported && !TEXT_CONTENT.has(parent.content)) {
			parent.textReported = true;
			this.report(
				parent === this.document
					? `Text is not allowed at the top level at line ${this.line}: wrap it in a block tag such as <Paragraph>`
					: `Text is not allowed inside <${parent.name}> at line ${this.line}`,
			);
		}
		if (c === '<') {
			this.report(`Unescaped < in text at line ${this.line} (write &lt;)`);
			this.pos++;
			return;
		}
		if (c === '&') {
			const length = entityLength(text, this.pos);
			if (length === 0) this.report(`Unescaped & in text at line ${this.line} (write &amp;)`);
			this.pos += Math.max(length, 1);
			return;
		}
		const forbidden = forbiddenCharCode(text, this.pos);
		if (forbidden >= 0) this.report(`Invalid character ${hex(forbidden)} at line ${this.line}`);
		this.pos++;
	}

	/** `<` followed by a name, `/`, `!` or `?`: a tag, or markup LMX does not have. */
	private readMarkup(): void {
		const text = this.text;
		const next = text[this.pos + 1];
		if (next === '!' || next === '?') {
			this.report(
				`Unsupported markup <${next} at line ${this.line}: LMX has no comments, CDATA or declarations`,
			);
			this.skipPast('>');
			return;
		}
		if (next === '/') {
			this.readClosingTag();
			return;
		}
		this.readOpeningTag();
	}

	/** Moves past the next `char` (counting lines), or to the end. */
	private skipPast(char: string): void {
		const text = this.text;
		while (this.pos < text.length && text[this.pos] !== char) {
			if (text[this.pos] === '\n') this.line++;
			this.pos++;
		}
		this.pos = Math.min(this.pos + 1, text.length);
	}

	private skipSpaces(): void {
		const text = this.text;
		while (this.pos < text.length && isSpace(text[this.pos])) {
			if (text[this.pos] === '\n') this.line++;
			this.pos++;
		}
	}

	private readName(): string {
		const text = this.text;
		const start = this.pos;
		while (this.pos < text.length && isNameChar(text[this.pos])) this.pos++;
		return text.slice(start, this.pos);
	}

	private readClosingTag(): void {
		const line = this.line;
		this.pos += 2;
		const name = this.readName();
		this.skipSpaces();
		if (name === '' || this.text[this.pos] !== '>') {
			this.report(`Malformed closing tag </${name}> at line ${line}`);
			this.skipPast('>');
			return;
		}
		this.pos++;
		if (this.voidWithoutSlash === name) {
			this.voidWithoutSlash = undefined;
			return;
		}
		this.voidWithoutSlash = undefined;
		if ((this.openCount.get(name) ?? 0) === 0) {
			this.report(`Unexpected closing tag </${name}> at line ${line}`);
			return;
		}
		// Each element popped here is popped once: the search costs what the document opened.
		while (this.stack.length > 0) {
			const open = this.stack[this.stack.length - 1];
			if (open.name === name) {
				this.close(open, line);
				return;
			}
			this.report(
				`Mismatched closing tag </${name}> at line ${line}: <${open.name}> opened at line ${open.line} is not closed`,
			);
			this.close(open, line);
		}
	}

	/** Pops `element` (the innermost) and checks what it held. */
	private close(element: OpenElement, line: number): void {
		this.stack.pop();
		this.openCount.set(element.name, (this.openCount.get(element.name) ?? 1) - 1);
		const rule = element.known ? RULES[element.name] : undefined;
		const count = rule?.children;
		if (count && (element.elementChildren < count.min || element.elementChildren > count.max)) {
			const wanted =
				count.min === count.max
					? `exactly ${count.min === 2 ? 'two' : count.min}`
					: count.max === Infinity
						? `at least ${count.min === 1 ? 'one' : count.min}`
						: `between ${count.min} and ${count.max}`;
			this.report(
				`<${element.name}> must contain ${wanted} <${count.of}> (it has ${element.elementChildren}) at line ${line}`,
			);
		}
	}

	private readOpeningTag(): void {
		const line = this.line;
		this.pos++;
		const name = this.readName();
		const attributes = this.readAttributes(name, line);
		if (attributes === undefined) return;
		const { values, selfClosing } = attributes;
		this.voidWithoutSlash = undefined;

		const rule = RULES[name];
		const parent = this.current;
		if (!rule) {
			this.report(`Unknown tag <${name}> at line ${line}`);
		} else {
			this.checkPlacement(name, parent, line);
			this.checkAttributes(name, rule, values, line);
		}
		parent.elementChildren++;

		if (rule?.content === 'empty') {
			if (!selfClosing) {
				this.report(`<${name}> must be self-closing (<${name} ... />) at line ${line}`);
				this.voidWithoutSlash = name;
			}
			return;
		}
		const element: OpenElement = {
			name,
			line,
			content: rule ? rule.content : 'any',
			known: rule !== undefined,
			elementChildren: 0,
			textReported: false,
		};
		if (selfClosing) {
			this.stack.push(element);
			this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
			this.close(element, line);
			return;
		}
		this.stack.push(element);
		this.openCount.set(name, (this.openCount.get(name) ?? 0) + 1);
	}

	/** Whether `name` may stand inside `parent`, by the parent's content model and Loops' nesting bans. */
	private checkPlacement(name: string, parent: OpenElement, line: number): void {
		if (name === 'Style') {
			if (parent !== this.document) {
				this.report(
					`<Style /> is only allowed at the top level, found ${this.where(parent)} at line ${line}`,
				);
				return;
			}
			this.styleCount++;
			if (this.styleCount === 2) {
				this.report(`More than one <Style /> at line ${line}: a document has at most one`);
			}
			return;
		}
		const notAllowed = `<${name}> is not allowed ${this.where(parent)} at line ${line}`;
		switch (parent.content) {
			case 'any':
				return;
			case 'blocks':
				if (!BLOCK_TAGS.has(name)) return this.report(notAllowed);
				break;
			case 'inline':
				if (!INLINE_TAGS.has(name)) return this.report(notAllowed);
				break;
			case 'listItems':
				if (name !== 'ListItem') return this.report(notAllowed);
				break;
			case 'columnItems':
				if (name !== 'ColumnItem') return this.report(notAllowed);
				break;
			case 'icons':
				if (name !== 'Icon') return this.report(notAllowed);
				break;
			default:
				// text, raw and empty content hold no tags at all
				return this.report(notAllowed);
		}
		const notInside = RULES[name].notInside;
		if (notInside && (this.openCount.get(notInside) ?? 0) > 0) {
			this.report(`<${name}> cannot be nested inside <${notInside}> at line ${line}`);
		}
	}

	private checkAttributes(
		name: string,
		rule: TagRule,
		values: Map<string, string>,
		line: number,
	): void {
		for (const required of rule.required ?? []) {
			if (!values.has(required)) {
				this.report(`Missing required attribute ${required} on <${name}> at line ${line}`);
			}
		}
		if (name === 'Image' && values.get('src')?.includes('{')) {
			this.report(
				`Variables are not allowed in the src of <Image> at line ${line}: use dynamicSrc for a dynamic image`,
			);
		}
		const colour = values.get('textColor');
		if (COLOURED_TAGS.has(name) && colour !== undefined && !HEX_COLOUR.test(colour)) {
			this.report(
				`textColor on <${name}> must be a hex colour such as #f00 or #ff0000 at line ${line}`,
			);
		}
	}

	/**
	 * Reads the attributes up to `>` or `/>`. Returns undefined when the tag cannot be read to its end
	 * (reported, and the rest of the tag skipped).
	 */
	private readAttributes(
		tag: string,
		line: number,
	): { values: Map<string, string>; selfClosing: boolean } | undefined {
		const text = this.text;
		const values = new Map<string, string>();
		// XML wants whitespace between one attribute's closing quote and the next attribute
		let spaceNeeded = false;
		for (;;) {
			const before = this.pos;
			this.skipSpaces();
			const c = text[this.pos];
			if (c === undefined) {
				this.report(`Unclosed tag <${tag}> at line ${line}: the document ends inside it`);
				return undefined;
			}
			if (c === '>') {
				this.pos++;
				return { values, selfClosing: false };
			}
			if (c === '/' && text[this.pos + 1] === '>') {
				this.pos += 2;
				return { values, selfClosing: true };
			}
			if (!isNameStart(c) || (spaceNeeded && this.pos === before)) {
				this.report(`Malformed tag <${tag}> at line ${this.line}`);
				this.skipPast('>');
				return undefined;
			}
			const attribute = this.readName();
			this.skipSpaces();
			if (text[this.pos] !== '=') {
				this.report(`Attribute ${attribute} on <${tag}> has no value at line ${this.line}`);
				spaceNeeded = false;
				continue;
			}
			this.pos++;
			this.skipSpaces();
			const quote = text[this.pos];
			if (quote !== '"' && quote !== "'") {
				this.report(
					`Attribute ${attribute} on <${tag}> must be a quoted string at line ${this.line}`,
				);
				while (this.pos < text.length && !isSpace(text[this.pos]) && text[this.pos] !== '>') {
					if (text[this.pos] === '/' && text[this.pos + 1] === '>') break;
					this.pos++;
				}
				spaceNeeded = true;
				continue;
			}
			const value = this.readQuoted(quote, attribute, tag);
			if (value === undefined) return undefined;
			if (values.has(attribute)) {
				this.report(`Duplicate attribute ${attribute} on <${tag}> at line ${line}`);
			}
			values.set(attribute, value);
			spaceNeeded = true;
		}
	}

	/** A quoted attribute value, its escapes checked; undefined when the quote never closes. */
	private readQuoted(quote: string, attribute: string, tag: string): string | undefined {
		const text = this.text;
		const startLine = this.line;
		const start = ++this.pos;
		while (this.pos < text.length && text[this.pos] !== quote) {
			const c = text[this.pos];
			if (c === '\n') this.line++;
			if (c === '<') {
				this.report(
					`Unescaped < in attribute ${attribute} on <${tag}> at line ${this.line} (write &lt;)`,
				);
			} else if (c === '&') {
				const length = entityLength(text, this.pos);
				if (length === 0) {
					this.report(
						`Unescaped & in attribute ${attribute} on <${tag}> at line ${this.line} (write &amp;)`,
					);
				}
				this.pos += Math.max(length, 1);
				continue;
			} else {
				const forbidden = forbiddenCharCode(text, this.pos);
				if (forbidden >= 0) this.report(`Invalid character ${hex(forbidden)} at line ${this.line}`);
			}
			this.pos++;
		}
		if (this.pos >= text.length) {
			this.report(`Unterminated value of attribute ${attribute} on <${tag}> at line ${startLine}`);
			return undefined;
		}
		const value = text.slice(start, this.pos);
		this.pos++;
		return value;
	}
}

/** What Loops would refuse to compile in `lmx`, worded as Loops might; empty when it compiles. */
export function lmxErrors(lmx: string): string[] {
	return new LmxChecker(lmx).run();
}
