/**
 * What Loops reads out of an email message's content: the variables it uses (`{contact.x}`, `{data.x}`,
 * `{event.x}`) and its Guardian report (GET /v1/email-messages/{id}/guardian), the content checks Loops runs
 * before a campaign is sent or a transactional email published. The LMX it reads has compiled (an update with
 * LMX that does not compile is refused: lmx.ts), so tags are well formed here.
 */
import type { EmailMessageContent } from './types';

/** One rule that fired, with the elements that fired it (the spec's GuardianRule). */
export interface GuardianRule {
	rule: string;
	title: string;
	description: string;
	items: Array<{ label: string; codeName?: string }>;
}

export interface GuardianReport {
	errors: GuardianRule[];
	warnings: GuardianRule[];
}

/** Whose message it is: Guardian checks contact properties in campaigns and data variables in transactionals. */
export type MessageOwner = 'campaign' | 'transactional';

export interface ContentVariables {
	contact: string[];
	data: string[];
	event: string[];
}

const VARIABLE_RE = /\{(contact|data|event)\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** A CodeBlock's braces are literal text, not variables (Loops' LMX reference). */
const CODE_BLOCK_RE = /<CodeBlock\b[^>]*>[\s\S]*?<\/CodeBlock>/g;

/** The variables the subject, preview text and LMX use, each name once, in order of first use. */
export function contentVariables(
	content: Pick<EmailMessageContent, 'subject' | 'previewText' | 'lmx'>,
): ContentVariables {
	const found: ContentVariables = { contact: [], data: [], event: [] };
	const text = [content.subject, content.previewText, content.lmx.replace(CODE_BLOCK_RE, '')].join(
		'\n',
	);
	for (const [, namespace, name] of text.matchAll(VARIABLE_RE)) {
		const names = found[namespace as keyof ContentVariables];
		if (!names.includes(name)) names.push(name);
	}
	return found;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]);
}

/** The text a reader sees of an element: its tags dropped, entities decoded, whitespace collapsed. */
function label(inner: string): string {
	return decode(inner.replace(/<[^>]*>/g, ''))
		.replace(/\s+/g, ' ')
		.trim();
}

function hrefOf(attributes: string): string | undefined {
	const match = /(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attributes);
	return match ? decode(match[1] ?? match[2] ?? '') : undefined;
}

type HrefProblem = 'missing' | 'invalid' | 'emailWithoutMailto';

/** What is wrong with a link target, if anything: a URL, mailto:, tel: or a variable are fine. */
function hrefProblem(href: string | undefined): HrefProblem | undefined {
	const target = href?.trim() ?? '';
	if (target === '') return 'missing';
	if (/^(https?:\/\/\S+|mailto:\S+|tel:\S+|\{[a-z]+\.[A-Za-z0-9_]+\}\S*)$/.test(target))
		return undefined;
	if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(target)) return 'emailWithoutMailto';
	return 'invalid';
}

const HREF_RULES: Record<'Button' | 'Link', Record<HrefProblem, Omit<GuardianRule, 'items'>>> = {
	Button: {
		missing: {
			rule: 'missingButtonHrefs',
			title: 'Missing button link',
			description: 'Buttons do nothing without an href.',
		},
		invalid: {
			rule: 'invalidButtonHrefs',
			title: 'Invalid button link',
			description: 'Button links must be full URLs (https://…), mailto: or tel: links.',
		},
		emailWithoutMailto: {
			rule: 'emailWithoutMailtoButtonHrefs',
			title: 'Email address without mailto:',
			description: 'A button linking to an email address needs mailto: in front of it.',
		},
	},
	Link: {
		missing: {
			rule: 'missingLinkHrefs',
			title: 'Missing text link',
			description: 'Links do nothing without an href.',
		},
		invalid: {
			rule: 'invalidLinkHrefs',
			title: 'Invalid text link',
			description: 'Links must be full URLs (https://…), mailto: or tel: links.',
		},
		emailWithoutMailto: {
			rule: 'emailWithoutMailtoLinkHrefs',
			title: 'Email address without mailto:',
			description: 'A link to an email address needs mailto: in front of it.',
		},
	},
};

/** Adds `item` to the rule `base` in `list`, creating the rule on its first item. */
function add(
	list: GuardianRule[],
	base: Omit<GuardianRule, 'items'>,
	item: GuardianRule['items'][number],
): void {
	let entry = list.find((candidate) => candidate.rule === base.rule);
	if (!entry) {
		entry = { ...base, items: [] };
		list.push(entry);
	}
	entry.items.push(item);
}

/**
 * Guardian's report on one message: links and buttons without a usable target, variables the message's owner
 * cannot fill (a `{contact.x}` that is no property of the account, `{data.x}` in a campaign, `{contact.x}` in a
 * transactional email, `{event.x}` outside a workflow) as errors; contact properties without a fallback as
 * warnings.
 */
export function guardianReport(
	content: EmailMessageContent,
	owner: MessageOwner,
	contactPropertyKeys: ReadonlySet<string>,
): GuardianReport {
	const errors: GuardianRule[] = [];
	const warnings: GuardianRule[] = [];
	const lmx = content.lmx.replace(CODE_BLOCK_RE, '');
	for (const tag of ['Button', 'Link'] as const) {
		// `<Button ... />` compiles too: it ends at its own `/>`, not at the next closing tag
		const elements = new RegExp(`<${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
		for (const [, attributes, inner] of lmx.matchAll(elements)) {
			const problem = hrefProblem(hrefOf(attributes));
			if (problem) add(errors, HREF_RULES[tag][problem], { label: label(inner ?? '') || tag });
		}
	}

	const variables = contentVariables(content);
	for (const name of variables.contact) {
		if (owner === 'transactional' || !contactPropertyKeys.has(name)) {
			add(
				errors,
				{
					rule: 'unsupportedContactProperties',
					title: 'Unsupported contact property',
					description:
						owner === 'transactional'
							? 'Transactional emails cannot use contact properties: send the value as a data variable.'
							: 'This contact property does not exist in your account.',
				},
				{ label: `{contact.${name}}`, codeName: name },
			);
		} else if (content.contactPropertiesFallbacks[name] === undefined) {
			add(
				warnings,
				{
					rule: 'missingFallbackContactProperties',
					title: 'Contact property without a fallback',
					description: 'Contacts without a value for this property will see nothing in its place.',
				},
				{ label: `{contact.${name}}`, codeName: name },
			);
		}
	}
	if (owner === 'campaign') {
		for (const name of variables.data) {
			add(
				errors,
				{
					rule: 'unsupportedDataVariables',
					title: 'Unsupported data variable',
					description: 'Data variables are filled by transactional sends only.',
				},
				{ label: `{data.${name}}`, codeName: name },
			);
		}
	}
	for (const name of variables.event) {
		add(
			errors,
			{
				rule: 'unsupportedEventProperties',
				title: 'Unsupported event property',
				description: 'Event properties are available in workflow emails only.',
			},
			{ label: `{event.${name}}`, codeName: name },
		);
	}
	return { errors, warnings };
}
