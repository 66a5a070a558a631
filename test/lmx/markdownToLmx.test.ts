import { markdownToLmx } from '../../nodes/Loops/shared/markdownToLmx';
import { mulberry32 } from '../emulator/faults';
import { lmxErrors } from '../emulator/lmx';

/** Converts `markdown` and checks that Loops would compile the result: every test converts through here. */
function lmx(markdown: string): string {
	const converted = markdownToLmx(markdown);
	expect(lmxErrors(converted)).toEqual([]);
	return converted;
}

/** Where two long texts first differ, a few characters either side; undefined when they are equal. */
function firstDifference(actual: string, expected: string): object | undefined {
	if (actual === expected) return undefined;
	let at = 0;
	while (at < actual.length && actual[at] === expected[at]) at++;
	return {
		at,
		lengths: [actual.length, expected.length],
		actual: actual.slice(Math.max(0, at - 20), at + 20),
		expected: expected.slice(Math.max(0, at - 20), at + 20),
	};
}

const ul = (...items: string[]) =>
	`<UnorderedList>\n${items.map((item) => `  ${item}`).join('\n')}\n</UnorderedList>`;
const ol = (start: number, ...items: string[]) =>
	`<OrderedList${start === 1 ? '' : ` start="${start}"`}>\n${items.map((item) => `  ${item}`).join('\n')}\n</OrderedList>`;
const li = (content: string, level = 0) =>
	`<ListItem${level > 0 ? ` paddingLeft="${level * 24}"` : ''}>${content}</ListItem>`;

describe('markdownToLmx: the mapping, row by row', () => {
	it.each([
		['# → H1', '# Welcome', '<H1>Welcome</H1>'],
		['## → H2', '## News', '<H2>News</H2>'],
		['### → H3', '### Details', '<H3>Details</H3>'],
		[
			'#### and deeper → H3 (LMX has three levels)',
			'#### Small\n###### Smaller',
			'<H3>Small</H3>\n<H3>Smaller</H3>',
		],
		['a closing run of # is not text', '## News ##', '<H2>News</H2>'],
		['setext headings', 'Title\n=====\n\nSub\n---', '<H1>Title</H1>\n<H2>Sub</H2>'],
		[
			'paragraphs',
			'First paragraph.\n\nSecond paragraph.',
			'<Paragraph>First paragraph.</Paragraph>\n<Paragraph>Second paragraph.</Paragraph>',
		],
		['**bold** → Strong', 'a **bold** word', '<Paragraph>a <Strong>bold</Strong> word</Paragraph>'],
		['__bold__ → Strong', '__bold__', '<Paragraph><Strong>bold</Strong></Paragraph>'],
		['*italic* → Em', 'an *italic* word', '<Paragraph>an <Em>italic</Em> word</Paragraph>'],
		['_italic_ → Em', '_italic_', '<Paragraph><Em>italic</Em></Paragraph>'],
		['***both***', '***both***', '<Paragraph><Em><Strong>both</Strong></Em></Paragraph>'],
		['`code` → Code', 'run `npm test` now', '<Paragraph>run <Code>npm test</Code> now</Paragraph>'],
		['``code with ` inside``', '`` a ` b ``', '<Paragraph><Code>a ` b</Code></Paragraph>'],
		['~~x~~ → Strike', '~~old~~ new', '<Paragraph><Strike>old</Strike> new</Paragraph>'],
		[
			'[text](url) → Link href',
			'Read [the docs](https://loops.so/docs).',
			'<Paragraph>Read <Link href="https://loops.so/docs">the docs</Link>.</Paragraph>',
		],
		[
			'a link with a title (the title is not kept)',
			'[docs](https://loops.so "Loops docs")',
			'<Paragraph><Link href="https://loops.so">docs</Link></Paragraph>',
		],
		[
			'a mailto link',
			'[write](mailto:hi@example.com)',
			'<Paragraph><Link href="mailto:hi@example.com">write</Link></Paragraph>',
		],
		[
			'autolinks',
			'<https://loops.so> or <hi@example.com>',
			'<Paragraph><Link href="https://loops.so">https://loops.so</Link> or <Link href="mailto:hi@example.com">hi@example.com</Link></Paragraph>',
		],
		[
			'formatting inside a link',
			'[**bold** link](https://loops.so)',
			'<Paragraph><Link href="https://loops.so"><Strong>bold</Strong> link</Link></Paragraph>',
		],
		[
			'![alt](src) → Image src alt',
			'![The logo](https://cdn.example.com/logo.png)',
			'<Image src="https://cdn.example.com/logo.png" alt="The logo" />',
		],
		[
			'an image without alt text',
			'![](https://cdn.example.com/a.png)',
			'<Image src="https://cdn.example.com/a.png" />',
		],
		[
			'an image in a paragraph splits it (an Image is a block)',
			'Before ![pic](https://x.com/a.png) after',
			'<Paragraph>Before</Paragraph>\n<Image src="https://x.com/a.png" alt="pic" />\n<Paragraph>after</Paragraph>',
		],
		['- list → UnorderedList', '- one\n- two', ul(li('one'), li('two'))],
		['* list → UnorderedList', '* one\n* two', ul(li('one'), li('two'))],
		['+ list → UnorderedList', '+ one', ul(li('one'))],
		['1. list → OrderedList', '1. one\n2. two', ol(1, li('one'), li('two'))],
		['a numbered list from 3', '3. three\n4. four', ol(3, li('three'), li('four'))],
		['1) delimiters', '1) one', ol(1, li('one'))],
		['a list item with formatting', '- **bold** item', ul(li('<Strong>bold</Strong> item'))],
		['> → Quote', '> Wise words', '<Quote>Wise words</Quote>'],
		['fenced code → CodeBlock', '```js\nconst a = 1;\n```', '<CodeBlock>const a = 1;</CodeBlock>'],
		['~~~ fences', '~~~\nx\n~~~', '<CodeBlock>x</CodeBlock>'],
		[
			'indented code → CodeBlock',
			'    line 1\n    line 2',
			'<CodeBlock>line 1\nline 2</CodeBlock>',
		],
		[
			'--- → Divider',
			'a\n\n---\n\nb',
			'<Paragraph>a</Paragraph>\n<Divider />\n<Paragraph>b</Paragraph>',
		],
		['*** and ___ → Divider', '***\n\n___', '<Divider />\n<Divider />'],
		['soft line breaks → spaces', 'one\ntwo\nthree', '<Paragraph>one two three</Paragraph>'],
		['two trailing spaces → Br', 'one  \ntwo', '<Paragraph>one<Br />two</Paragraph>'],
		['a trailing backslash → Br', 'one\\\ntwo', '<Paragraph>one<Br />two</Paragraph>'],
		[
			'backslash escapes',
			'\\*not italic\\* \\# \\[x\\]',
			'<Paragraph>*not italic* # [x]</Paragraph>',
		],
		[
			'no emphasis inside snake_case_words',
			'snake_case_word',
			'<Paragraph>snake_case_word</Paragraph>',
		],
		['a single ~ is text', '~5 minutes', '<Paragraph>~5 minutes</Paragraph>'],
		['an empty document', '', ''],
		['only blank lines', '\n  \n\t\n', ''],
	])('%s', (_name, markdown, expected) => {
		expect(lmx(markdown)).toBe(expected);
	});

	it('converts a whole newsletter', () => {
		const markdown = [
			'# Hi {contact.firstName}',
			'',
			"Here is what's new in **March**:",
			'',
			'- Faster *sending*',
			'- [Templates](https://loops.so/templates)',
			'',
			'> Loops is great. — a customer',
			'',
			'```',
			'curl https://app.loops.so/api/v1',
			'```',
			'',
			'---',
			'',
			'![Team](https://cdn.example.com/team.jpg)',
		].join('\n');
		expect(lmx(markdown)).toBe(
			[
				'<H1>Hi {contact.firstName}</H1>',
				"<Paragraph>Here is what's new in <Strong>March</Strong>:</Paragraph>",
				ul(
					li('Faster <Em>sending</Em>'),
					li('<Link href="https://loops.so/templates">Templates</Link>'),
				),
				'<Quote>Loops is great. — a customer</Quote>',
				'<CodeBlock>curl https://app.loops.so/api/v1</CodeBlock>',
				'<Divider />',
				'<Image src="https://cdn.example.com/team.jpg" alt="Team" />',
			].join('\n'),
		);
	});
});

describe('markdownToLmx: escaping', () => {
	it.each([
		[
			'HTML in text is text',
			'<b>bold</b> <script>alert(1)</script>',
			'<Paragraph>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</Paragraph>',
		],
		[
			'an HTML block is text',
			'<div class="x">\n<p>hi</p>\n</div>',
			'<Paragraph>&lt;div class="x"&gt; &lt;p&gt;hi&lt;/p&gt; &lt;/div&gt;</Paragraph>',
		],
		['an HTML comment is text', '<!-- hidden -->', '<Paragraph>&lt;!-- hidden --&gt;</Paragraph>'],
		['& in text', 'AT&T & co', '<Paragraph>AT&amp;T &amp; co</Paragraph>'],
		[
			'an entity is shown as written',
			'&amp; &lt; &copy;',
			'<Paragraph>&amp;amp; &amp;lt; &amp;copy;</Paragraph>',
		],
		['quotes in text stay', 'say "hi"', '<Paragraph>say "hi"</Paragraph>'],
		[
			'< and & in a code span',
			'`a < b && c`',
			'<Paragraph><Code>a &lt; b &amp;&amp; c</Code></Paragraph>',
		],
		[
			'markup in a code block',
			'```\n<Paragraph>x</Paragraph> & "y"\n```',
			'<CodeBlock>&lt;Paragraph&gt;x&lt;/Paragraph&gt; &amp; "y"</CodeBlock>',
		],
		[
			'quotes and & in a link address',
			'[q](https://x.com/?q="a"&b=<c>)',
			'<Paragraph><Link href="https://x.com/?q=&quot;a&quot;&amp;b=&lt;c&gt;">q</Link></Paragraph>',
		],
		[
			'quotes in alt text and an image address',
			'!["Logo" & co](https://x.com/a.png?a=1&b="2")',
			'<Image src="https://x.com/a.png?a=1&amp;b=&quot;2&quot;" alt="&quot;Logo&quot; &amp; co" />',
		],
		[
			'a javascript: link is text',
			'[click](javascript:alert(1))',
			'<Paragraph>[click](javascript:alert(1))</Paragraph>',
		],
		[
			'a JavaScript: link in capitals is text',
			'[click](JavaScript:alert(1))',
			'<Paragraph>[click](JavaScript:alert(1))</Paragraph>',
		],
		[
			'a javascript: link in <…> is text',
			'[click](<javascript:alert(1)>)',
			'<Paragraph>[click](&lt;javascript:alert(1)&gt;)</Paragraph>',
		],
		[
			'a data: image is text',
			'![x](data:image/png;base64,AAAA)',
			'<Paragraph>![x](data:image/png;base64,AAAA)</Paragraph>',
		],
		['a mailto: image is text', '![x](mailto:a@b.c)', '<Paragraph>![x](mailto:a@b.c)</Paragraph>'],
		['a relative link is text', '[docs](/docs)', '<Paragraph>[docs](/docs)</Paragraph>'],
		[
			'a javascript: autolink is text',
			'<javascript:alert(1)>',
			'<Paragraph>&lt;javascript:alert(1)&gt;</Paragraph>',
		],
		[
			'a vbscript: link is text',
			'[x](vbscript:msgbox)',
			'<Paragraph>[x](vbscript:msgbox)</Paragraph>',
		],
		['markup in a heading', '# <Title> & "more"', '<H1>&lt;Title&gt; &amp; "more"</H1>'],
	])('%s', (_name, markdown, expected) => {
		expect(lmx(markdown)).toBe(expected);
	});
});

describe('markdownToLmx: Loops variables pass through', () => {
	it.each([
		['in text', 'Hi {contact.firstName}!', '<Paragraph>Hi {contact.firstName}!</Paragraph>'],
		[
			'data and event variables',
			'{data.name} paid {event.amount}',
			'<Paragraph>{data.name} paid {event.amount}</Paragraph>',
		],
		[
			'with underscores (not emphasis)',
			'_{contact.first_name}_ and {data.order_id}',
			'<Paragraph><Em>{contact.first_name}</Em> and {data.order_id}</Paragraph>',
		],
		[
			'with asterisks around',
			'**{contact.firstName}**',
			'<Paragraph><Strong>{contact.firstName}</Strong></Paragraph>',
		],
		[
			'in a heading and a list item',
			'# {contact.company}\n- {data.item_1}',
			'<H1>{contact.company}</H1>\n' + ul(li('{data.item_1}')),
		],
		[
			'as a link address',
			'[your page]({contact.url})',
			'<Paragraph><Link href="{contact.url}">your page</Link></Paragraph>',
		],
		[
			'inside a link address',
			'[order](https://shop.example.com/orders/{data.orderId}?u={contact.userId})',
			'<Paragraph><Link href="https://shop.example.com/orders/{data.orderId}?u={contact.userId}">order</Link></Paragraph>',
		],
		[
			'as an image address: a link, since Image src takes no variables',
			'![avatar]({contact.avatarUrl})',
			'<Paragraph><Link href="{contact.avatarUrl}">avatar</Link></Paragraph>',
		],
		[
			'in a code block (literal there)',
			'```\n{contact.firstName}\n```',
			'<CodeBlock>{contact.firstName}</CodeBlock>',
		],
		['in a quote', '> Thanks, {contact.firstName}', '<Quote>Thanks, {contact.firstName}</Quote>'],
	])('%s', (_name, markdown, expected) => {
		expect(lmx(markdown)).toBe(expected);
	});
});

describe('markdownToLmx: lists', () => {
	it('keeps bullets nested in bullets in one list, indented', () => {
		expect(lmx('- a\n  - a.1\n    - a.1.1\n  - a.2\n- b')).toBe(
			ul(li('a'), li('a.1', 1), li('a.1.1', 2), li('a.2', 1), li('b')),
		);
	});

	it('writes a numbered list nested in a numbered one as its own list, and resumes the numbering', () => {
		expect(lmx('1. one\n2. two\n   1. two.one\n   2. two.two\n3. three')).toBe(
			[
				ol(1, li('one'), li('two')),
				ol(1, li('two.one', 1), li('two.two', 1)),
				ol(3, li('three')),
			].join('\n'),
		);
	});

	it('writes bullets in a numbered list and numbers in a bulleted list as lists of their own', () => {
		expect(lmx('1. one\n   - detail\n2. two')).toBe(
			[ol(1, li('one')), ul(li('detail', 1)), ol(2, li('two'))].join('\n'),
		);
		expect(lmx('- a\n  1. first\n- b')).toBe(
			[ul(li('a')), ol(1, li('first', 1)), ul(li('b'))].join('\n'),
		);
	});

	it('indents at most six levels', () => {
		const markdown = Array.from(
			{ length: 9 },
			(_, level) => `${'  '.repeat(level)}- level ${level}`,
		).join('\n');
		const converted = lmx(markdown);
		expect(converted).toContain(li('level 6', 6));
		expect(converted).toContain(li('level 8', 6));
	});

	it('joins a loose item’s paragraphs in its ListItem', () => {
		expect(lmx('- first\n\n  more about first\n\n- second')).toBe(
			ul(li('first<Br /><Br />more about first'), li('second')),
		);
	});

	it('writes a code block in an item after the item, the list going on after it', () => {
		expect(lmx('1. install\n\n   ```\n   npm i\n   ```\n2. run')).toBe(
			[ol(1, li('install')), '<CodeBlock>npm i</CodeBlock>', ol(2, li('run'))].join('\n'),
		);
	});

	it('writes an image in an item as a link to it (an Image cannot stand in a ListItem)', () => {
		expect(lmx('- ![chart](https://x.com/c.png)')).toBe(
			ul(li('<Link href="https://x.com/c.png">chart</Link>')),
		);
	});

	it('keeps an empty item, and a heading in an item in bold', () => {
		expect(lmx('-\n- ## Title')).toBe(ul(li(''), li('<Strong>Title</Strong>')));
	});

	it('starts a new list when the bullet changes', () => {
		expect(lmx('- a\n+ b')).toBe([ul(li('a')), ul(li('b'))].join('\n'));
	});

	it('does not read a number that interrupts a paragraph as a list', () => {
		expect(lmx('The year was\n2024. A good one.')).toBe(
			'<Paragraph>The year was 2024. A good one.</Paragraph>',
		);
	});

	it('reads tabs as indentation', () => {
		expect(lmx('-\tone\n\t-\tnested')).toBe(ul(li('one'), li('nested', 1)));
	});
});

describe('markdownToLmx: quotes', () => {
	it('makes one Quote of a blockquote, paragraphs separated by breaks', () => {
		expect(lmx('> first\n> line\n>\n> second')).toBe('<Quote>first line<Br /><Br />second</Quote>');
	});

	it('reads a lazy continuation line as part of the quote', () => {
		expect(lmx('> quoted\nstill quoted\n\nnot quoted')).toBe(
			'<Quote>quoted still quoted</Quote>\n<Paragraph>not quoted</Paragraph>',
		);
	});

	it('flattens lists, headings, code and nested quotes into the Quote', () => {
		expect(lmx('> ## Note\n> - a\n> - b\n>\n> 1. x\n>\n> > inner\n>\n> ```\n> code\n> ```')).toBe(
			'<Quote><Strong>Note</Strong><Br /><Br />• a<Br />• b<Br /><Br />1. x<Br /><Br />inner<Br /><Br /><Code>code</Code></Quote>',
		);
	});

	it('writes an image in a quote as a link to it', () => {
		expect(lmx('> ![pic](https://x.com/p.png)')).toBe(
			'<Quote><Link href="https://x.com/p.png">pic</Link></Quote>',
		);
	});

	it('drops an empty quote', () => {
		expect(lmx('>\n>')).toBe('');
	});
});

describe('markdownToLmx: hostile input', () => {
	it.each([
		['unclosed bold', '**bold', '<Paragraph>**bold</Paragraph>'],
		['unclosed italic', 'an *italic', '<Paragraph>an *italic</Paragraph>'],
		['unclosed code', '`code', '<Paragraph>`code</Paragraph>'],
		['unclosed strike', '~~gone', '<Paragraph>~~gone</Paragraph>'],
		['an unclosed link', '[text](', '<Paragraph>[text](</Paragraph>'],
		[
			'an unclosed link address',
			'[text](https://x.com',
			'<Paragraph>[text](https://x.com</Paragraph>',
		],
		['an unclosed bracket', '[text', '<Paragraph>[text</Paragraph>'],
		[
			'an unclosed image',
			'![alt](https://x.com/a.png',
			'<Paragraph>![alt](https://x.com/a.png</Paragraph>',
		],
		[
			'a bracket without a destination',
			'[text] (https://x.com)',
			'<Paragraph>[text] (https://x.com)</Paragraph>',
		],
		[
			'mismatched emphasis (CommonMark nests three Em: one, since a format is not opened twice)',
			'**a *b** c*',
			'<Paragraph><Em>a b c</Em></Paragraph>',
		],
		[
			'an unclosed fence runs to the end',
			'```\ncode\n\nmore',
			'<CodeBlock>code\n\nmore</CodeBlock>',
		],
		['a heading marker without a space', '#hashtag', '<Paragraph>#hashtag</Paragraph>'],
		['a lone marker', '*', ul(li(''))],
		[
			'brackets inside a link text',
			'[a [b] c](https://x.com)',
			'<Paragraph><Link href="https://x.com">a [b] c</Link></Paragraph>',
		],
		[
			'a link inside a link',
			'[a [b](https://b.com) c](https://a.com)',
			'<Paragraph>[a <Link href="https://b.com">b</Link> c](https://a.com)</Paragraph>',
		],
		['an unclosed variable', '{contact.firstName', '<Paragraph>{contact.firstName</Paragraph>'],
		['an unclosed autolink', '<https://x.com', '<Paragraph>&lt;https://x.com</Paragraph>'],
		['a stray closing tag', '</Paragraph>', '<Paragraph>&lt;/Paragraph&gt;</Paragraph>'],
		[
			'LMX written as Markdown stays text',
			'<Strong>x</Strong>',
			'<Paragraph>&lt;Strong&gt;x&lt;/Strong&gt;</Paragraph>',
		],
	])('%s', (_name, markdown, expected) => {
		expect(lmx(markdown)).toBe(expected);
	});

	it('reads CRLF and CR line ends as line ends', () => {
		expect(lmx('# Title\r\n\r\nline one\r\nline two\rline three')).toBe(
			'<H1>Title</H1>\n<Paragraph>line one line two line three</Paragraph>',
		);
		expect(lmx('```\r\na\r\n  b\r\n```')).toBe('<CodeBlock>a\n  b</CodeBlock>');
	});

	it('replaces NUL and other control characters, which XML cannot carry', () => {
		expect(lmx('a\u0000b\u0001c\u0008d\u000be\u000cf\u001bg\u007fh\ttab')).toBe(
			'<Paragraph>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\u007fh\ttab</Paragraph>',
		);
		expect(lmx('```\n\u0000\n```')).toBe('<CodeBlock>\uFFFD</CodeBlock>');
	});

	it('replaces lone surrogates and keeps pairs', () => {
		expect(
			lmx('high \uD83D alone, low \uDE00 alone, reversed \uDE00\uD83D, pair \uD83D\uDE00'),
		).toBe(
			'<Paragraph>high \uFFFD alone, low \uFFFD alone, reversed \uFFFD\uFFFD, pair 😀</Paragraph>',
		);
		expect(lmx('ends with \uD83D')).toBe('<Paragraph>ends with \uFFFD</Paragraph>');
	});

	it('takes a value that is not a string as text', () => {
		expect(lmx(42 as unknown as string)).toBe('<Paragraph>42</Paragraph>');
		expect(lmx(undefined as unknown as string)).toBe('');
	});

	describe('200-deep nesting', () => {
		it('a list indented 200 levels', () => {
			const markdown = Array.from(
				{ length: 200 },
				(_, level) => `${'  '.repeat(level)}- level ${level}`,
			).join('\n');
			// 32 levels of list and item reach the nesting limit: deeper markers are the last item's text
			const items = Array.from({ length: 31 }, (_, level) =>
				li(`level ${level}`, Math.min(level, 6)),
			);
			const deepest = Array.from({ length: 169 }, (_, level) => `level ${level + 31}`).join(' - ');
			expect(lmx(markdown)).toBe(ul(...items, li(deepest, 6)));
		});

		it('200 list markers on one line', () => {
			const converted = lmx(`${'- '.repeat(200)}deep`);
			expect(converted).toContain('deep');
		});

		it('200 quote markers', () => {
			expect(lmx(`${'>'.repeat(200)} deep`)).toBe(`<Quote>${'&gt;'.repeat(200 - 64)} deep</Quote>`);
			const lines = Array.from(
				{ length: 200 },
				(_, level) => `${'> '.repeat(level + 1)}level ${level}`,
			);
			const converted = lmx(lines.join('\n'));
			expect(converted.startsWith('<Quote>level 0<Br /><Br />level 1<Br /><Br />level 2')).toBe(
				true,
			);
			expect(converted).toContain('level 199');
		});

		it('quotes and lists alternating 200 deep', () => {
			expect(lmx(`${'> - '.repeat(200)}deep`)).toContain('deep');
		});

		it('emphasis 200 deep', () => {
			const converted = lmx(`${'*'.repeat(200)}deep${'*'.repeat(200)}`);
			expect(converted).toBe('<Paragraph><Strong>deep</Strong></Paragraph>');
			expect(lmx(`${'*a '.repeat(200)}${'b* '.repeat(200)}`)).toContain('<Em>');
		});

		it('links and images 200 deep', () => {
			const images = `${'!['.repeat(200)}alt${'](https://x.com/i.png)'.repeat(200)}`;
			expect(lmx(images)).toBe('<Image src="https://x.com/i.png" alt="alt" />');
			expect(lmx(`${'['.repeat(200)}text${'](https://x.com)'.repeat(200)}`)).toContain(
				'<Link href="https://x.com">text</Link>',
			);
		});
	});

	describe('100,000-character documents of any shape convert (a quadratic converter would take minutes)', () => {
		const size = 100_000;
		const repeatTo = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
		it.each([
			['100,000 *', repeatTo('*'), '<Divider />'],
			['100,000 * with spaces', repeatTo('* '), undefined],
			['*a repeated', repeatTo('*a '), undefined],
			['a* repeated', repeatTo('a* '), undefined],
			['_ and * mixed', repeatTo('**a_ _b** *c_ '), undefined],
			['100,000 [', repeatTo('['), `<Paragraph>${'['.repeat(size)}</Paragraph>`],
			[
				'[ then one ]',
				repeatTo('[').slice(1) + ']',
				`<Paragraph>${'['.repeat(size - 1)}]</Paragraph>`,
			],
			['[a]( repeated', repeatTo('[a]('), undefined],
			['[a](b( repeated', repeatTo('[a](b('), undefined],
			['![ repeated', repeatTo('!['), undefined],
			['100,000 `', repeatTo('`'), '<CodeBlock></CodeBlock>'],
			[
				'backtick runs of growing length',
				Array.from({ length: 440 }, (_, n) => '`'.repeat(n % 40) + 'x')
					.join(' ')
					.slice(0, size),
				undefined,
			],
			['100,000 >', repeatTo('>'), `<Quote>${'&gt;'.repeat(size - 64)}</Quote>`],
			['100,000 < (HTML)', repeatTo('<'), `<Paragraph>${'&lt;'.repeat(size)}</Paragraph>`],
			[
				'an address of 100,000 dots in <…>',
				`<a@${'.'.repeat(size - 5)}@>`,
				`<Paragraph>&lt;a@${'.'.repeat(size - 5)}@&gt;</Paragraph>`,
			],
			[
				'an e-mail autolink of 100,000 characters',
				`<a@${'b.'.repeat((size - 4) / 2)}>`,
				`<Paragraph><Link href="mailto:a@${'b.'.repeat((size - 4) / 2)}">a@${'b.'.repeat((size - 4) / 2)}</Link></Paragraph>`,
			],
			['HTML tags', repeatTo('<div class="a">b & c</div>\n'), undefined],
			['100,000 {', repeatTo('{'), `<Paragraph>${'{'.repeat(size)}</Paragraph>`],
			['100,000 \\', repeatTo('\\'), `<Paragraph>${'\\'.repeat(size / 2)}</Paragraph>`],
			['100,000 ~~', repeatTo('~~a'), undefined],
			['100,000 &', repeatTo('&'), `<Paragraph>${'&amp;'.repeat(size)}</Paragraph>`],
			['- - - nested items on one line', repeatTo('- '), undefined],
			[
				'list lines indented deeper and deeper',
				Array.from({ length: 316 }, (_, n) => `${' '.repeat(n * 2)}- x`)
					.join('\n')
					.slice(0, size),
				undefined,
			],
			[
				'quote lines deeper and deeper',
				Array.from({ length: 2000 }, (_, n) => `${'>'.repeat(n % 300)} q`)
					.join('\n')
					.slice(0, size),
				undefined,
			],
			[
				'blank lines under 30 nested lists',
				`${'- '.repeat(30)}x\n${'\n'.repeat(size - 62)}`,
				undefined,
			],
			['100,000 spaces', repeatTo(' '), ''],
			['100,000 line ends', repeatTo('\n'), ''],
			['one word of 100,000 letters', repeatTo('a'), `<Paragraph>${'a'.repeat(size)}</Paragraph>`],
			[
				'100,000 control characters',
				repeatTo('\u0001'),
				`<Paragraph>${'\uFFFD'.repeat(size)}</Paragraph>`,
			],
		])('%s', (_name, markdown, expected) => {
			const converted = lmx(markdown);
			if (expected !== undefined) expect(firstDifference(converted, expected)).toBeUndefined();
			else expect(converted.length).toBeGreaterThan(0);
		});
	});
});

describe('markdownToLmx: random Markdown-ish text always gives LMX Loops compiles', () => {
	const PIECES = [
		'a',
		'b c',
		' ',
		'  ',
		'\t',
		'\n',
		'\n\n',
		'  \n',
		'\r\n',
		'\\',
		'*',
		'**',
		'_',
		'__',
		'~',
		'~~',
		'`',
		'```',
		'[',
		']',
		'(',
		')',
		'![',
		'](',
		'https://x.com/',
		'mailto:a@b.c',
		'javascript:',
		'#',
		'# ',
		'> ',
		'>',
		'- ',
		'+ ',
		'* ',
		'1. ',
		'2) ',
		'    ',
		'---',
		'===',
		'<',
		'>',
		'<b>',
		'</b>',
		'&',
		'&amp;',
		'"',
		"'",
		'{contact.first_name}',
		'{',
		'}',
		'{data.x',
		'|',
		'!',
		'\u0000',
		'\uD800',
		'\uDC00',
		'😀',
		'é',
	];

	it('for 5,000 seeded random documents', () => {
		const random = mulberry32(20_261_204);
		for (let run = 0; run < 5_000; run++) {
			const length = 1 + Math.floor(random() * 80);
			let markdown = '';
			for (let i = 0; i < length; i++) markdown += PIECES[Math.floor(random() * PIECES.length)];
			const converted = markdownToLmx(markdown);
			const errors = lmxErrors(converted);
			if (errors.length > 0) {
				// the failing input, to reproduce it
				expect({ markdown, converted, errors }).toEqual({ markdown, converted, errors: [] });
			}
		}
	});
});
