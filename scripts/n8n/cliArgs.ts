/**
 * Option values of the scripts' command lines, which each script reads with Node's own `util.parseArgs`
 * (`npm run bench:n8n -- --items 50`; an unknown option stops the script with parseArgs' message): checked here.
 */

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
