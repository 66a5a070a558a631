import { mulberry32 } from './faults';
import { lmxErrors } from './lmx';

/** The full example document of Loops' LMX reference: every tag, as Loops documents it. */
const LOOPS_FULL_EXAMPLE = `<Style themeId="st_123" bodyColor="#ffffff" backgroundColor="#f3f4f6" bodyYPadding="24" textBaseColor="#111827" />
<Component componentId="logo" />
<H1>Welcome, {contact.firstName}</H1>
<Paragraph fontSize="16" lineHeight="150">
  Thanks for joining. Read <Link href="https://loops.so/docs">the docs</Link> to get started.
</Paragraph>
<UnorderedList>
  <ListItem>Create your first campaign</ListItem>
  <ListItem>Add your audience</ListItem>
  <ListItem>Send a test email</ListItem>
</UnorderedList>
<Button href="https://app.example.com/account/{contact.userId}" align="center" bgColor="#000000" textColor="#ffffff" borderRadius="12">Open account</Button>
<Divider width="80" color="#d1d5db" />
<Columns gap="24" widths="50,50" verticalAlignment="top">
  <ColumnItem>
    <H3>Docs</H3>
    <Paragraph>Start with the quickstart.</Paragraph>
  </ColumnItem>
  <ColumnItem>
    <Image src="https://example.com/logo.png" alt="Company logo" width="180" />
  </ColumnItem>
</Columns>
<Section blockColor="#f8fafc" blockBorderRadius="12" paddingTop="16" paddingBottom="16">
  <Paragraph>Manage your subscription from your account settings.</Paragraph>
</Section>
<Icons align="center" gap="20" size="24" color="#000000">
  <Icon name="twitter" href="https://x.com/loops" />
  <Icon name="linkedin" href="https://www.linkedin.com/company/loops" />
</Icons>`;

describe('lmxErrors: what Loops compiles', () => {
	it.each([
		['the full example of Loops’ LMX reference', LOOPS_FULL_EXAMPLE],
		['an empty document', ''],
		['whitespace between blocks', '\n  <H1>Hello</H1>\n\n\t<Paragraph>World</Paragraph>\n'],
		[
			'every inline tag, nested, with textColor',
			'<Paragraph>a <Strong>b <Em>c <Underline>d <Strike>e <Code>f</Code></Strike></Underline></Em></Strong> <Text textColor="#f00">red</Text> <Strong textColor="#00FF00">g</Strong><Br /><Link href="https://loops.so" notrack="true">h</Link></Paragraph>',
		],
		['headings and a quote', '<H1>a</H1><H2>b</H2><H3>c</H3><Quote>d <Em>e</Em></Quote>'],
		[
			'variables in text, a button and link addresses',
			'<Paragraph>Hi {contact.firstName}, <Link href="{contact.url}">go</Link></Paragraph><Button href="https://x.com/{data.id}">Open {contact.firstName}</Button>',
		],
		[
			'escaped text and attributes',
			'<Paragraph>a &amp; b &lt; c &gt; d &quot;e&quot; &apos; &#169; &#xA9; > "f"</Paragraph><Image src="https://x.com/a.png?a=1&amp;b=2" alt="&quot;logo&quot; &lt;3" />',
		],
		['single-quoted attributes', "<Image src='https://x.com/a.png' />"],
		[
			'a code block with braces and escaped markup',
			'<CodeBlock>const a = "{x}"; &lt;b&gt;\n  kept</CodeBlock>',
		],
		[
			'an ordered list with start, and a list item with padding',
			'<OrderedList start="3"><ListItem paddingLeft="24">a</ListItem></OrderedList>',
		],
		['an empty list item', '<UnorderedList><ListItem></ListItem></UnorderedList>'],
		[
			'a component with children and a section inside a column',
			'<Component componentId="c1"><Paragraph>x</Paragraph></Component><Columns><ColumnItem><Section><Paragraph>a</Paragraph></Section></ColumnItem><ColumnItem /></Columns>',
		],
		[
			'a button without href (Loops’ content check reports it, the compiler does not)',
			'<Button>Go</Button>',
		],
		['unknown attributes (a warning in Loops)', '<Paragraph data-x="1">a</Paragraph>'],
		['a Style that is not first', '<Paragraph>a</Paragraph><Style bodyColor="#fff" />'],
		['a surrogate pair (an emoji)', '<Paragraph>🎉</Paragraph>'],
	])('%s', (_name, lmx) => {
		expect(lmxErrors(lmx)).toEqual([]);
	});
});

describe('lmxErrors: what Loops refuses, named', () => {
	it.each([
		[
			'an unknown tag',
			'<H1>a</H1>\n<Paragraph>b</Paragraph>\n<Foo>c</Foo>',
			'Unknown tag <Foo> at line 3',
		],
		['a lower-case tag', '<paragraph>a</paragraph>', 'Unknown tag <paragraph> at line 1'],
		[
			'text at the top level',
			'<H1>a</H1>\nHello',
			'Text is not allowed at the top level at line 2: wrap it in a block tag such as <Paragraph>',
		],
		[
			'a variable at the top level',
			'{contact.firstName}',
			'Text is not allowed at the top level at line 1: wrap it in a block tag such as <Paragraph>',
		],
		[
			'an inline tag at the top level',
			'<Strong>a</Strong>',
			'<Strong> is not allowed at the top level at line 1',
		],
		['<Br /> at the top level', '<Br />', '<Br> is not allowed at the top level at line 1'],
		[
			'a list item at the top level',
			'<ListItem>a</ListItem>',
			'<ListItem> is not allowed at the top level at line 1',
		],
		[
			'a list in a list item',
			'<UnorderedList>\n<ListItem>a<UnorderedList><ListItem>b</ListItem></UnorderedList></ListItem>\n</UnorderedList>',
			'<UnorderedList> is not allowed inside <ListItem> at line 2',
		],
		[
			'a paragraph in a quote',
			'<Quote><Paragraph>a</Paragraph></Quote>',
			'<Paragraph> is not allowed inside <Quote> at line 1',
		],
		[
			'a paragraph in a paragraph',
			'<Paragraph><Paragraph>a</Paragraph></Paragraph>',
			'<Paragraph> is not allowed inside <Paragraph> at line 1',
		],
		[
			'an image in a paragraph',
			'<Paragraph><Image src="https://x.com/a.png" /></Paragraph>',
			'<Image> is not allowed inside <Paragraph> at line 1',
		],
		[
			'an inline tag in a button',
			'<Button href="https://x.com"><Strong>Go</Strong></Button>',
			'<Strong> is not allowed inside <Button> at line 1',
		],
		[
			'a tag in a code block',
			'<CodeBlock><Em>x</Em></CodeBlock>',
			'<Em> is not allowed inside <CodeBlock> at line 1',
		],
		[
			'text in a list',
			'<OrderedList>a<ListItem>b</ListItem></OrderedList>',
			'Text is not allowed inside <OrderedList> at line 1',
		],
		[
			'a paragraph in a list',
			'<OrderedList><Paragraph>a</Paragraph></OrderedList>',
			'<Paragraph> is not allowed inside <OrderedList> at line 1',
		],
		[
			'an empty list',
			'<UnorderedList>\n</UnorderedList>',
			'<UnorderedList> must contain at least one <ListItem> (it has 0) at line 2',
		],
		[
			'one column',
			'<Columns><ColumnItem /></Columns>',
			'<Columns> must contain exactly two <ColumnItem> (it has 1) at line 1',
		],
		[
			'an icon row without icons',
			'<Icons></Icons>',
			'<Icons> must contain between 1 and 100 <Icon> (it has 0) at line 1',
		],
		[
			'columns in columns',
			'<Columns><ColumnItem><Columns><ColumnItem /><ColumnItem /></Columns></ColumnItem><ColumnItem /></Columns>',
			'<Columns> cannot be nested inside <Columns> at line 1',
		],
		[
			'a section in a section',
			'<Section><Section><Paragraph>a</Paragraph></Section></Section>',
			'<Section> cannot be nested inside <Section> at line 1',
		],
		[
			'a component in a component',
			'<Component componentId="a"><Component componentId="b" /></Component>',
			'<Component> cannot be nested inside <Component> at line 1',
		],
		['an unclosed tag', '<H1>a</H1>\n<Paragraph>b', 'Unclosed tag <Paragraph> opened at line 2'],
		[
			'a mismatched closing tag',
			'<Paragraph><Strong>a</Em></Strong></Paragraph>',
			'Unexpected closing tag </Em> at line 1',
		],
		[
			'tags closed in the wrong order',
			'<Paragraph><Strong><Em>a</Strong></Em></Paragraph>',
			'Mismatched closing tag </Strong> at line 1: <Em> opened at line 1 is not closed',
		],
		[
			'a closing tag without its opening',
			'<Paragraph>a</Paragraph></Paragraph>',
			'Unexpected closing tag </Paragraph> at line 1',
		],
		[
			'an unquoted attribute',
			'<Paragraph><Link href=https://x.com>a</Link></Paragraph>',
			'Attribute href on <Link> must be a quoted string at line 1',
		],
		[
			'an attribute without a value',
			'<Paragraph><Link href="https://x.com" notrack>a</Link></Paragraph>',
			'Attribute notrack on <Link> has no value at line 1',
		],
		[
			'a duplicate attribute',
			'<Image src="https://x.com/a.png" src="https://x.com/b.png" />',
			'Duplicate attribute src on <Image> at line 1',
		],
		[
			'attributes without a space between',
			'<Image src="https://x.com/a.png"alt="a" />',
			'Malformed tag <Image> at line 1',
		],
		[
			'an unterminated attribute value',
			'<Image src="https://x.com/a.png />',
			'Unterminated value of attribute src on <Image> at line 1',
		],
		[
			'a link without href',
			'<Paragraph><Link>a</Link></Paragraph>',
			'Missing required attribute href on <Link> at line 1',
		],
		[
			'an image without src',
			'<Image alt="a" />',
			'Missing required attribute src on <Image> at line 1',
		],
		[
			'a component without componentId',
			'<Component />',
			'Missing required attribute componentId on <Component> at line 1',
		],
		[
			'an icon without name',
			'<Icons><Icon href="https://x.com" /></Icons>',
			'Missing required attribute name on <Icon> at line 1',
		],
		[
			'a variable in an image src',
			'<Image src="{contact.avatarUrl}" />',
			'Variables are not allowed in the src of <Image> at line 1: use dynamicSrc for a dynamic image',
		],
		[
			'a textColor that is not hex',
			'<Paragraph><Text textColor="red">a</Text></Paragraph>',
			'textColor on <Text> must be a hex colour such as #f00 or #ff0000 at line 1',
		],
		[
			'an image not self-closing',
			'<Image src="https://x.com/a.png">',
			'<Image> must be self-closing (<Image ... />) at line 1',
		],
		[
			'a divider with a closing tag',
			'<Divider></Divider>',
			'<Divider> must be self-closing (<Divider ... />) at line 1',
		],
		[
			'two Style tags',
			'<Style />\n<H1>a</H1>\n<Style bodyColor="#fff" />',
			'More than one <Style /> at line 3: a document has at most one',
		],
		[
			'a Style inside a section',
			'<Section><Style /></Section>',
			'<Style /> is only allowed at the top level, found inside <Section> at line 1',
		],
		[
			'an unescaped < in text',
			'<Paragraph>1 < 2</Paragraph>',
			'Unescaped < in text at line 1 (write &lt;)',
		],
		[
			'a bare & in text',
			'<Paragraph>Tom & Jerry</Paragraph>',
			'Unescaped & in text at line 1 (write &amp;)',
		],
		[
			'an HTML entity XML does not know',
			'<Paragraph>a&nbsp;b</Paragraph>',
			'Unescaped & in text at line 1 (write &amp;)',
		],
		[
			'a bare & in an attribute',
			'<Image src="https://x.com/?a=1&b=2" />',
			'Unescaped & in attribute src on <Image> at line 1 (write &amp;)',
		],
		[
			'a < in an attribute',
			'<Image src="https://x.com/" alt="<3" />',
			'Unescaped < in attribute alt on <Image> at line 1 (write &lt;)',
		],
		[
			'a comment',
			'<!-- note --><Paragraph>a</Paragraph>',
			'Unsupported markup <! at line 1: LMX has no comments, CDATA or declarations',
		],
		['a NUL character', '<Paragraph>a\u0000b</Paragraph>', 'Invalid character U+0000 at line 1'],
		['a lone surrogate', '<Paragraph>a\uD83Db</Paragraph>', 'Invalid character U+D83D at line 1'],
		[
			'a reference to a control character',
			'<Paragraph>a&#1;b</Paragraph>',
			'Unescaped & in text at line 1 (write &amp;)',
		],
	])('%s', (_name, lmx, message) => {
		expect(lmxErrors(lmx)).toContain(message);
	});

	it('counts lines across multi-line tags and attribute values', () => {
		const lmx = '<Paragraph\n  fontSize="16">a</Paragraph>\n<Image\n  alt="a\nb"\n/>\n<Foo />';
		expect(lmxErrors(lmx)).toEqual([
			'Missing required attribute src on <Image> at line 3',
			'Unknown tag <Foo> at line 7',
		]);
	});

	it('reports one error for one unknown tag, whatever it holds', () => {
		expect(
			lmxErrors('<Callout>Text, <Strong>bold</Strong> and <Paragraph>a</Paragraph></Callout>'),
		).toEqual(['Unknown tag <Callout> at line 1']);
	});

	it('lists at most twenty errors, then how many more', () => {
		const errors = lmxErrors('<Foo />'.repeat(25));
		expect(errors).toHaveLength(21);
		expect(errors[20]).toBe('…and 5 more errors');
	});

	it('answers every one of 5,000 seeded random documents with messages that name a line', () => {
		const pieces = [
			'<',
			'>',
			'/',
			'/>',
			'</',
			'=',
			'"',
			"'",
			'&',
			';',
			'&amp;',
			'&#',
			' ',
			'\n',
			'a',
			'{contact.x}',
			'<Paragraph>',
			'</Paragraph>',
			'<Strong>',
			'</Strong>',
			'<Link href="https://x.com">',
			'</Link>',
			'<UnorderedList>',
			'<ListItem>',
			'</ListItem>',
			'</UnorderedList>',
			'<Image src="x"',
			'<Br />',
			'<Style />',
			'<Columns>',
			'<ColumnItem>',
			'</ColumnItem>',
			'</Columns>',
			'<Foo>',
			'href=',
			'<!--',
			'\u0000',
			'\uD800',
		];
		const random = mulberry32(42);
		for (let run = 0; run < 5_000; run++) {
			let lmx = '';
			const length = 1 + Math.floor(random() * 40);
			for (let i = 0; i < length; i++) lmx += pieces[Math.floor(random() * pieces.length)];
			for (const message of lmxErrors(lmx)) {
				if (!/line \d+/.test(message) && !/^…and \d+ more errors$/.test(message)) {
					expect({ lmx, message }).toEqual({ lmx, message: 'a message naming its line' });
				}
			}
		}
	});

	it('reads a hostile 100,000-character document in one pass (within the test timeout)', () => {
		for (const unit of [
			'<',
			'&',
			'<Paragraph>',
			'</Paragraph>',
			'<Strong>',
			'<a b="',
			'&amp',
			'"',
		]) {
			const lmx = unit.repeat(Math.ceil(100_000 / unit.length));
			expect(lmxErrors(lmx).length).toBeGreaterThan(0);
		}
		const deep = '<Section>'.repeat(50_000) + '</Section>'.repeat(50_000);
		expect(lmxErrors(deep)[0]).toBe('<Section> cannot be nested inside <Section> at line 1');
	});
});
