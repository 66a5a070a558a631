/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- release script: it reads the repository and runs git and npm */
/**
 * Releasing n8n-nodes-loops-so. n8n verifies a community node only if every version was published from a GitHub
 * Action with an npm provenance statement, so the package is published in one place only:
 * .github/workflows/publish.yml, on a version tag, through `n8n-node release` (n8n's own release command).
 *
 *   npm run release -- 0.2.0    on your machine: checks the name on npm, then CHANGELOG.md's "Unreleased" becomes
 *                               "0.2.0 - <date>", package.json (and its lockfile) follow, lint and build pass, then
 *                               commit "Release 0.2.0" and tag v0.2.0. Pushing the tag publishes (the command prints how).
 *   npm run release             in publish.yml: checks the tag, the package's metadata, the CHANGELOG, the OIDC
 *                               permission and the name on npm, then `n8n-node release`: lint, build, `npm publish`
 *                               with provenance.
 *   npm run release -- notes    prints the CHANGELOG section of package.json's version (the GitHub release's text).
 *   npm run release -- guard    the `prepublishOnly` check: refuses any `npm publish` that is not that path.
 *   npm run release -- check-name
 *                               asks npm's registry whether the name is free or ours (the first two do it too):
 *                               a name held by someone else is refused, saying whose it is.
 *
 * `npm publish` itself is stopped outside GitHub Actions by `publishConfig.provenance` (npm cannot sign a provenance
 * statement on a laptop and refuses to publish). The project's .npmrc turns lifecycle scripts off, so the guard runs
 * where they are turned on: in the release path (which turns them on for its `npm publish`) and wherever someone
 * publishes with scripts on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { runChecked, runCommand, type CommandResult } from './n8n/process';
import { npmCliScript } from './n8n/runtime';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_FILE = path.join(ROOT, 'package.json');
const CHANGELOG_FILE = path.join(ROOT, 'CHANGELOG.md');
const N8N_NODE_CLI = path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');

export type Env = Record<string, string | undefined>;

export interface PackageJson {
	name: string;
	version: string;
	homepage?: string;
	bugs?: { url?: string };
	repository?: { type?: string; url?: string };
	author?: { name?: string; email?: string };
	publishConfig?: { provenance?: boolean; access?: string };
}

// ---- the package's metadata -------------------------------------------------------------------------------------

/** The metadata still holding a placeholder (docs/releasing.md says what to fill in before the first publish). */
export function placeholders(pkg: PackageJson): string[] {
	const found: string[] = [];
	const check = (field: string, value: string | undefined, placeholder: RegExp) => {
		if (!value || placeholder.test(value)) found.push(`${field} (${value ?? 'missing'})`);
	};
	check('repository.url', pkg.repository?.url, /TODO/i);
	check('bugs.url', pkg.bugs?.url, /TODO/i);
	check('homepage', pkg.homepage, /TODO/i);
	check('author.name', pkg.author?.name, /TODO/i);
	check('author.email', pkg.author?.email, /@example\.(com|org)$|TODO/i);
	return found;
}

/** `owner/name` of a GitHub repository URL (git+https://github.com/o/n.git, https://github.com/o/n, …), lower-cased. */
export function githubRepositoryOf(url: string | undefined): string | undefined {
	const match = /github\.com[/:]([^/]+)\/([^/#?]+?)(?:\.git)?(?:[/#?].*)?$/i.exec(url ?? '');
	return match ? `${match[1]}/${match[2]}`.toLowerCase() : undefined;
}

// ---- CHANGELOG.md ------------------------------------------------------------------------------------------------

const SECTION = /^## +(.+?) *$/gm;

interface Section {
	/** "Unreleased" or the version */
	title: string;
	/** the heading line */
	heading: string;
	start: number;
	bodyStart: number;
	end: number;
}

function sections(changelog: string): Section[] {
	const found: Section[] = [];
	for (const match of changelog.matchAll(SECTION)) {
		const heading = match[0];
		// "## 0.2.0 - 2026-12-01", "## [0.2.0] - …", "## Unreleased", "## [Unreleased]"
		const title = match[1]
			.replace(/^\[([^\]]+)\]/, '$1')
			.split(/\s+-\s+/)[0]
			.trim();
		const start = match.index ?? 0;
		found.push({ title, heading, start, bodyStart: start + heading.length, end: changelog.length });
	}
	for (let i = 0; i + 1 < found.length; i++) found[i].end = found[i + 1].start;
	return found;
}

/** The text under a version's heading (or "Unreleased"), trimmed; undefined when there is no such heading. */
export function changelogSection(changelog: string, title: string): string | undefined {
	const section = sections(changelog).find((s) => s.title.toLowerCase() === title.toLowerCase());
	return section ? changelog.slice(section.bodyStart, section.end).trim() : undefined;
}

/** The versions the CHANGELOG has a section for, newest (topmost) first. */
export function releasedVersions(changelog: string): string[] {
	return sections(changelog)
		.map((s) => s.title)
		.filter((title) => /^\d+\.\d+\.\d+$/.test(title));
}

/** Moves what is under "Unreleased" into a new section "<version> - <date>" and leaves "Unreleased" empty. */
export function cutChangelog(changelog: string, version: string, date: string): string {
	const unreleased = sections(changelog).find((s) => s.title.toLowerCase() === 'unreleased');
	if (!unreleased) throw new Error('CHANGELOG.md has no "## Unreleased" section');
	const body = changelog.slice(unreleased.bodyStart, unreleased.end).trim();
	if (!body)
		throw new Error('CHANGELOG.md: "## Unreleased" is empty: say what this release changes first');
	return (
		changelog.slice(0, unreleased.start) +
		`## Unreleased\n\n## ${version} - ${date}\n\n${body}\n` +
		(unreleased.end < changelog.length ? `\n${changelog.slice(unreleased.end)}` : '')
	);
}

// ---- versions ----------------------------------------------------------------------------------------------------

function parseVersion(version: string): [number, number, number] | undefined {
	const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
	return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compareVersions(a: [number, number, number], b: [number, number, number]): number {
	return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The version to release: `wanted` is x.y.z or patch|minor|major (counted from the last released version in the
 * CHANGELOG, or package.json's when none is). It must be above every released one and not below package.json's
 * (which it may equal before the first release: 0.1.0 was never published). Pre-releases are not offered:
 * `n8n-node release` publishes with the `latest` tag, which npm refuses for them.
 */
export function nextVersion(
	wanted: string,
	{ current, released }: { current: string; released: string[] },
): string {
	const last = released
		.map(parseVersion)
		.filter((v) => v !== undefined)
		.sort(compareVersions)
		.pop();
	const base = last ?? parseVersion(current);
	if (!base) throw new Error(`package.json's version ${current} is not x.y.z`);
	const bumps: Record<string, [number, number, number]> = {
		major: [base[0] + 1, 0, 0],
		minor: [base[0], base[1] + 1, 0],
		patch: [base[0], base[1], base[2] + 1],
	};
	const next = bumps[wanted] ?? parseVersion(wanted);
	if (!next) throw new Error(`"${wanted}" is not a version (x.y.z) nor patch, minor or major`);
	if (last && compareVersions(next, last) <= 0) {
		throw new Error(
			`${next.join('.')} is not above ${last.join('.')}, the last version in CHANGELOG.md`,
		);
	}
	const currentVersion = parseVersion(current);
	if (currentVersion && compareVersions(next, currentVersion) < 0) {
		throw new Error(`${next.join('.')} is below package.json's version ${current}`);
	}
	return next.join('.');
}

// ---- the checks --------------------------------------------------------------------------------------------------

/**
 * What stops the publish step of publish.yml (empty = go): run in GitHub Actions with the OIDC permission, for a
 * tag v<version>, from the repository package.json names, with the metadata filled in and a CHANGELOG section.
 */
export function publishProblems(env: Env, pkg: PackageJson, changelog: string): string[] {
	const problems: string[] = [];
	if (env.GITHUB_ACTIONS !== 'true') {
		problems.push(
			'publishing runs in GitHub Actions only (.github/workflows/publish.yml, on a version tag); on your machine, ' +
				'`npm run release -- <x.y.z|patch|minor|major>` prepares the release and its tag',
		);
		return problems;
	}
	if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
		problems.push(
			'the job lacks `permissions: id-token: write`, without which npm cannot sign the provenance statement',
		);
	}
	const tag = `v${pkg.version}`;
	if (env.GITHUB_REF_TYPE !== 'tag' || env.GITHUB_REF_NAME !== tag) {
		problems.push(
			`this run is for ${env.GITHUB_REF_TYPE ?? 'ref'} "${env.GITHUB_REF_NAME}", not the tag ${tag} of package.json's version`,
		);
	}
	const unfilled = placeholders(pkg);
	if (unfilled.length) problems.push(`package.json still has placeholders: ${unfilled.join(', ')}`);
	const declared = githubRepositoryOf(pkg.repository?.url);
	const actual = env.GITHUB_REPOSITORY?.toLowerCase();
	if (!unfilled.length && declared !== actual) {
		// npm rejects a provenance statement whose repository differs from package.json's
		problems.push(
			`package.json's repository is ${declared ?? pkg.repository?.url}, but this runs in ${actual}`,
		);
	}
	if (!changelogSection(changelog, pkg.version)) {
		problems.push(
			`CHANGELOG.md has no "## ${pkg.version}" section (npm run release -- ${pkg.version} makes it)`,
		);
	}
	if (pkg.publishConfig?.provenance !== true)
		problems.push('package.json lacks publishConfig.provenance: true');
	return problems;
}

/**
 * The `prepublishOnly` guard (empty = go): an `npm publish` only from the release path in GitHub Actions — with the
 * OIDC permission, through `n8n-node release` (which sets RELEASE_MODE) and with provenance not turned off.
 */
export function guardProblems(env: Env): string[] {
	const problems: string[] = [];
	if (env.GITHUB_ACTIONS !== 'true') problems.push('not in GitHub Actions');
	else if (!env.ACTIONS_ID_TOKEN_REQUEST_URL)
		problems.push('no OIDC token (the job lacks `permissions: id-token: write`)');
	if (env.RELEASE_MODE !== 'true') problems.push('not run by `npm run release` (n8n-node release)');
	const provenance = env.npm_config_provenance ?? env.NPM_CONFIG_PROVENANCE;
	if (provenance !== undefined && provenance !== 'true')
		problems.push(`provenance turned off (${provenance})`);
	return problems;
}

// ---- the name on npm ---------------------------------------------------------------------------------------------

/** A maintainer of a package on npm, as `npm owner ls` prints one ("name <email>"). */
export interface Maintainer {
	name: string;
	email?: string;
}

/** What the registry says about the name and who is publishing, for `nameProblems`. */
export interface NameOnNpm {
	name: string;
	/** npm's configured registry, for the messages */
	registry: string;
	/** the package's current maintainers; undefined when the registry has no such package (404: the name is free) */
	maintainers: Maintainer[] | undefined;
	/** the npm user the publishing token logs in as (`npm whoami`); undefined where npm holds no token */
	user: string | undefined;
	/** package.json's author.email: who publishes, where there is no npm user to ask (trusted publishing) */
	authorEmail: string | undefined;
	/** true in publish.yml's publish step, false when preparing a release or checking the name by hand */
	publishing: boolean;
}

/** `npm owner ls` lines ("alice <alice@example.com>") as maintainers. */
export function parseMaintainers(output: string): Maintainer[] {
	return output
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && line !== 'no admin found')
		.map((line) => {
			const match = /^(\S+)(?:\s+<([^>]*)>)?/.exec(line);
			return { name: match?.[1] ?? line, email: match?.[2] || undefined };
		});
}

const person = (m: Maintainer) => (m.email ? `${m.name} <${m.email}>` : m.name);

/**
 * What stops a publish under this name (empty = go). A name the registry does not know is free. A name it knows must
 * list the publisher among its maintainers: the npm user of the token when there is one; otherwise (publish.yml on
 * npm's trusted publishing, which logs in with the job's OIDC token only inside `npm publish`, so no earlier step can
 * ask who it will be) the maintainer whose email is package.json's author.email, which n8n's verification already
 * requires to be the publishing account's.
 */
export function nameProblems(check: NameOnNpm): string[] {
	const { name, registry, maintainers, user, authorEmail } = check;
	if (!maintainers) {
		if (check.publishing && !user) {
			return [
				`${name} is not on ${registry} yet and this job has no npm token: npm's trusted publishing works only ` +
					'for a package that exists, so the first version publishes with a token (the repository secret ' +
					'NPM_TOKEN; docs/releasing.md, "Once, before the first publish")',
			];
		}
		return [];
	}
	const same = (a: string | undefined, b: string | undefined) =>
		!!a && !!b && a.toLowerCase() === b.toLowerCase();
	const listed = user
		? maintainers.some((m) => same(m.name, user))
		: maintainers.some((m) => same(m.email, authorEmail));
	if (listed) return [];
	const publisher = user
		? `the npm user publishing (${user})`
		: `package.json's author.email (${authorEmail ?? 'none'}; with no npm token, the author stands for the publisher)`;
	const owners = maintainers.length ? maintainers.map(person).join(', ') : 'no one listed';
	return [
		`${name} is already on ${registry}, maintained by ${owners}, not by ${publisher}. ` +
			`If it is someone else's package, pick another name ("name" in package.json, and the README's install ` +
			`steps); if it is yours, ask one of its maintainers to add the publishing account ` +
			`(npm owner add <npm user> ${name})` +
			(user ? '' : ", or set author.email to a maintainer's email"),
	];
}

/**
 * npm's error as `--json` prints it on stdout ({ error: { code, summary } }), whatever the log level (`npm run
 * --silent` hands its children a silent one, which would hide the text form).
 */
function npmError(result: CommandResult): { code?: string; summary?: string } {
	try {
		return (
			(JSON.parse(result.stdout) as { error?: { code?: string; summary?: string } }).error ?? {}
		);
	} catch {
		return {};
	}
}

/**
 * Asks npm's configured registry (`npm config get registry`, so npm_config_registry or an .npmrc can point it
 * elsewhere) who maintains the package name and who is publishing. What the registry cannot answer comes back as
 * a problem, never a guess.
 */
async function askNpm(
	pkg: PackageJson,
	{ env = process.env, publishing }: { env?: Env; publishing: boolean },
): Promise<NameOnNpm | { problems: string[] }> {
	const run = async (args: string[]) =>
		await runCommand(process.execPath, [npmCliScript(), ...args], {
			cwd: ROOT,
			env,
			// npm retries a failed request itself (fetch-retries: about a minute by default)
			timeoutMs: 5 * 60_000,
		});
	const registry = (await run(['config', 'get', 'registry'])).stdout.trim();
	const cannotAsk = (what: string, result: CommandResult) => {
		const { code, summary } = npmError(result);
		return (
			`could not ask ${registry} ${what} (npm ${code ?? `exit ${result.code}`}: ` +
			`${summary ?? result.stderr.trim().split('\n')[0]}); not publishing without knowing`
		);
	};

	// `npm owner ls` reads the package's current maintainers; `npm view <name> maintainers` would give those of the
	// latest version when it was published
	const owners = await run(['owner', 'ls', pkg.name, '--json']);
	let maintainers: Maintainer[] | undefined;
	if (owners.code === 0) maintainers = parseMaintainers(owners.stdout);
	else if (npmError(owners).code !== 'E404')
		return { problems: [cannotAsk(`who maintains ${pkg.name}`, owners)] };

	let user: string | undefined;
	if (maintainers || publishing) {
		const whoami = await run(['whoami', '--json']);
		if (whoami.code === 0)
			user = String(JSON.parse(whoami.stdout)); // --json: "ada"
		// ENEEDAUTH: npm holds no token for the registry (trusted publishing, or a machine not logged in)
		else if (npmError(whoami).code !== 'ENEEDAUTH')
			return { problems: [cannotAsk('which npm user the token logs in as', whoami)] };
	}
	return {
		name: pkg.name,
		registry,
		maintainers,
		user,
		authorEmail: pkg.author?.email,
		publishing,
	};
}

/** What stops publishing `pkg` under its name, asking npm's registry (empty = go). */
export async function nameOnNpmProblems(
	pkg: PackageJson,
	options: { env?: Env; publishing: boolean },
): Promise<string[]> {
	const asked = await askNpm(pkg, options);
	return 'problems' in asked ? asked.problems : nameProblems(asked);
}

/** `npm run release -- check-name`: says whose the name is, and fails unless it may be published. */
async function checkName(): Promise<void> {
	const asked = await askNpm(readPackage(), { publishing: false });
	const problems = 'problems' in asked ? asked.problems : nameProblems(asked);
	if ('problems' in asked || problems.length) throw new Error(problems.join('\n'));
	const { name, registry, maintainers, user } = asked;
	say(
		maintainers
			? `${name} is on ${registry}, maintained by ${maintainers.map(person).join(', ')}: ` +
					`${user ? `you (${user}) among them` : "package.json's author.email among them"}`
			: `${name} is not on ${registry}: the name is free`,
	);
}

// ---- the commands ------------------------------------------------------------------------------------------------

function readPackage(): PackageJson {
	return JSON.parse(fs.readFileSync(PACKAGE_FILE, 'utf8')) as PackageJson;
}

function readChangelog(): string {
	return fs.readFileSync(CHANGELOG_FILE, 'utf8');
}

const say = (text: string) => process.stderr.write(`[release] ${text}\n`);

async function npm(args: string[], { passthrough = true } = {}) {
	return await runChecked(process.execPath, [npmCliScript(), ...args], {
		cwd: ROOT,
		timeoutMs: 30 * 60_000,
		passthrough,
		label: `npm ${args.join(' ')}`,
	});
}

async function git(args: string[]): Promise<string> {
	return (await runChecked('git', args, { cwd: ROOT })).stdout.trim();
}

/** On a maintainer's machine: version, CHANGELOG, commit and tag. Publishing is left to publish.yml. */
async function prepare(wanted: string): Promise<void> {
	if (await git(['status', '--porcelain']))
		throw new Error('the work tree has uncommitted changes: commit or stash them first');
	const pkg = readPackage();
	const unfilled = placeholders(pkg);
	if (unfilled.length) {
		throw new Error(
			`package.json still has placeholders: ${unfilled.join(', ')}. Fill them in first (docs/releasing.md).`,
		);
	}
	const taken = await nameOnNpmProblems(pkg, { publishing: false });
	if (taken.length) throw new Error(taken.join('\n'));
	const changelog = readChangelog();
	const version = nextVersion(wanted, {
		current: pkg.version,
		released: releasedVersions(changelog),
	});
	const tag = `v${version}`;
	if (
		(await runCommand('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}`], { cwd: ROOT }))
			.code === 0
	) {
		throw new Error(`the tag ${tag} exists already`);
	}
	const updated = cutChangelog(changelog, version, new Date().toISOString().slice(0, 10));
	say(`releasing ${pkg.name} ${version}: lint and build first`);
	await npm(['run', 'lint']);
	await npm(['run', 'build']);
	fs.writeFileSync(CHANGELOG_FILE, updated);
	await npm(['version', version, '--no-git-tag-version', '--allow-same-version'], {
		passthrough: false,
	});
	await git(['add', 'CHANGELOG.md', 'package.json', 'package-lock.json']);
	await git(['commit', '-m', `Release ${version}`]);
	await git(['tag', '-a', tag, '-m', `${pkg.name} ${version}`]);
	const branch = await git(['rev-parse', '--abbrev-ref', 'HEAD']);
	say(`committed "Release ${version}" and tagged ${tag}. To publish it, push both:`);
	process.stdout.write(`\n  git push origin ${branch} ${tag}\n\n`);
	say(
		'publish.yml then runs the tests, publishes to npm with provenance and creates the GitHub release.',
	);
}

/** In publish.yml: the checks, then n8n's release command (lint, build, npm publish with provenance). */
async function publish(): Promise<void> {
	const pkg = readPackage();
	const problems = publishProblems(process.env, pkg, readChangelog());
	// the registry is asked only once everything else holds (outside GitHub Actions there is nothing to ask)
	if (!problems.length) problems.push(...(await nameOnNpmProblems(pkg, { publishing: true })));
	if (problems.length)
		throw new Error(`not publishing ${pkg.name} ${pkg.version}:\n  - ${problems.join('\n  - ')}`);
	say(`publishing ${pkg.name} ${pkg.version} with provenance (n8n-node release)`);
	await runChecked(process.execPath, [N8N_NODE_CLI, 'release'], {
		cwd: ROOT,
		// lifecycle scripts on (the project's .npmrc has them off) so that `npm publish` runs the prepublishOnly guard
		env: { ...process.env, npm_config_ignore_scripts: 'false' },
		timeoutMs: 30 * 60_000,
		passthrough: true,
		label: 'n8n-node release',
	});
}

async function main(command: string | undefined): Promise<void> {
	if (command === 'guard') {
		const problems = guardProblems(process.env);
		if (problems.length) {
			throw new Error(
				`${readPackage().name} is published only by .github/workflows/publish.yml, with an npm provenance statement ` +
					`(n8n verifies community nodes only with one): push a version tag, see docs/releasing.md ` +
					`(refused: ${problems.join('; ')}).`,
			);
		}
		return;
	}
	if (command === 'notes') {
		const { version } = readPackage();
		const notes = changelogSection(readChangelog(), version);
		if (!notes) throw new Error(`CHANGELOG.md has no "## ${version}" section`);
		process.stdout.write(`${notes}\n`);
		return;
	}
	if (command === 'check-name') return await checkName();
	if (command === undefined) return await publish();
	return await prepare(command);
}

/** The command: none (publish), notes, guard, check-name, or the version to prepare. */
function commandOf(args: string[]): string | undefined {
	const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
	if (positionals.length > 1)
		throw new Error(`one command at a time, not ${positionals.join(' ')}`);
	return positionals[0];
}

if (require.main === module) {
	Promise.resolve()
		.then(async () => await main(commandOf(process.argv.slice(2))))
		.then(
			() => process.exit(0),
			(error: Error) => {
				say(error.message);
				process.exit(1);
			},
		);
}
