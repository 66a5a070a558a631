/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev scripts: their command lines */
/**
 * The scripts' command lines (`npm run bench:n8n -- --items 50`), read with Node's own `util.parseArgs`: an unknown
 * option or a missing value stops the script with parseArgs' message instead of being ignored.
 */
import { parseArgs } from 'node:util';

/** The options of process.argv (after the script): `strings` take a value, `booleans` none; no positionals. */
export function scriptArgs<S extends string = never, B extends string = never>(names: {
	strings?: readonly S[];
	booleans?: readonly B[];
}): Partial<Record<S, string> & Record<B, boolean>> {
	const options: Record<string, { type: 'string' | 'boolean' }> = {};
	for (const name of names.strings ?? []) options[name] = { type: 'string' };
	for (const name of names.booleans ?? []) options[name] = { type: 'boolean' };
	return parseArgs({ options, strict: true, allowPositionals: false }).values as Partial<
		Record<S, string> & Record<B, boolean>
	>;
}

/** A whole number above 0 from an option's text, or `fallback` when the option was not given. */
export function positiveInteger(name: string, text: string | undefined, fallback: number): number {
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!Number.isInteger(value) || value <= 0)
		throw new Error(`--${name} ${text}: a whole number above 0, please`);
	return value;
}

/** A comma-separated choice among `all` (all of them when the option was not given). */
export function choices<T extends string>(
	name: string,
	text: string | undefined,
	all: readonly T[],
): T[] {
	if (text === undefined) return [...all];
	const chosen = text.split(',') as T[];
	const unknown = chosen.filter((value) => !all.includes(value));
	if (unknown.length > 0)
		throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
	return chosen;
}
