/**
 * The release script's decisions (scripts/release.ts): which version comes next, how CHANGELOG.md is cut, when the
 * publish step in GitHub Actions goes ahead, and when the prepublishOnly guard lets `npm publish` through.
 */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- reads the repository's own CHANGELOG.md
import fs from 'node:fs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports -- reads the repository's own CHANGELOG.md
import path from 'node:path';

import {
	changelogSection,
	cutChangelog,
	githubRepositoryOf,
	guardProblems,
	nextVersion,
	publishProblems,
	releasedVersions,
	type PackageJson,
} from '../../scripts/release';

const CHANGELOG = `# Changelog

Intro.

## Unreleased

- Send Event: new option.

## 0.2.0 - 2026-12-01

- Contact: Delete.

## 0.1.0 - 2026-11-26

- First version.
`;

describe('CHANGELOG.md', () => {
	it('reads a version’s section, the Unreleased one, and the released versions', () => {
		expect(changelogSection(CHANGELOG, 'Unreleased')).toBe('- Send Event: new option.');
		expect(changelogSection(CHANGELOG, '0.2.0')).toBe('- Contact: Delete.');
		expect(changelogSection(CHANGELOG, '0.1.0')).toBe('- First version.');
		expect(changelogSection(CHANGELOG, '0.3.0')).toBeUndefined();
		expect(changelogSection('## [0.4.0] - 2027-01-01\n\n- x\n', '0.4.0')).toBe('- x');
		expect(releasedVersions(CHANGELOG)).toEqual(['0.2.0', '0.1.0']);
	});

	it('moves Unreleased into the new version’s section and leaves Unreleased empty', () => {
		const cut = cutChangelog(CHANGELOG, '0.3.0', '2027-01-02');
		expect(cut).toBe(
			CHANGELOG.replace('## Unreleased\n\n', '## Unreleased\n\n## 0.3.0 - 2027-01-02\n\n'),
		);
		expect(changelogSection(cut, 'Unreleased')).toBe('');
		expect(changelogSection(cut, '0.3.0')).toBe('- Send Event: new option.');
		expect(releasedVersions(cut)).toEqual(['0.3.0', '0.2.0', '0.1.0']);
	});

	it('refuses a release with nothing under Unreleased', () => {
		const cut = cutChangelog(CHANGELOG, '0.3.0', '2027-01-02');
		expect(() => cutChangelog(cut, '0.4.0', '2027-01-03')).toThrow('"## Unreleased" is empty');
		expect(() => cutChangelog('# Changelog\n', '0.4.0', '2027-01-03')).toThrow(
			'no "## Unreleased" section',
		);
	});

	it('the project’s own CHANGELOG.md has an Unreleased section with content', () => {
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- the repository's own file
		const own = fs.readFileSync(path.join(__dirname, '..', '..', 'CHANGELOG.md'), 'utf8');
		expect(changelogSection(own, 'Unreleased')).toMatch(/\S/);
	});
});

describe('the next version', () => {
	it('counts patch, minor and major from the last released version', () => {
		const released = ['0.2.0', '0.1.0'];
		expect(nextVersion('patch', { current: '0.2.0', released })).toBe('0.2.1');
		expect(nextVersion('minor', { current: '0.2.0', released })).toBe('0.3.0');
		expect(nextVersion('major', { current: '0.2.0', released })).toBe('1.0.0');
		expect(nextVersion('0.10.0', { current: '0.2.0', released })).toBe('0.10.0');
	});

	it('refuses a version not above the last released one, and what is not x.y.z', () => {
		const released = ['0.2.0', '0.1.0'];
		expect(() => nextVersion('0.2.0', { current: '0.2.0', released })).toThrow('not above 0.2.0');
		expect(() => nextVersion('0.1.9', { current: '0.2.0', released })).toThrow('not above 0.2.0');
		expect(() => nextVersion('1.0.0-rc.1', { current: '0.2.0', released })).toThrow(
			'is not a version',
		);
		expect(() => nextVersion('next', { current: '0.2.0', released })).toThrow('is not a version');
	});

	it('before any release, may be package.json’s own version (0.1.0 was never published)', () => {
		expect(nextVersion('0.1.0', { current: '0.1.0', released: [] })).toBe('0.1.0');
		expect(nextVersion('minor', { current: '0.1.0', released: [] })).toBe('0.2.0');
		expect(() => nextVersion('0.0.9', { current: '0.1.0', released: [] })).toThrow(
			"0.0.9 is below package.json's version 0.1.0",
		);
	});
});

describe('the publish step (npm run release in publish.yml)', () => {
	const pkg: PackageJson = {
		name: 'n8n-nodes-loops-so',
		version: '0.2.0',
		homepage: 'https://github.com/loops-community/n8n-nodes-loops-so#readme',
		bugs: { url: 'https://github.com/loops-community/n8n-nodes-loops-so/issues' },
		repository: {
			type: 'git',
			url: 'git+https://github.com/loops-community/n8n-nodes-loops-so.git',
		},
		author: { name: 'Ada Lovelace', email: 'ada@loops-community.dev' },
		publishConfig: { access: 'public', provenance: true },
	};
	const actions = {
		GITHUB_ACTIONS: 'true',
		ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/',
		ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
		GITHUB_REF_TYPE: 'tag',
		GITHUB_REF_NAME: 'v0.2.0',
		GITHUB_REPOSITORY: 'loops-community/n8n-nodes-loops-so',
	};

	it('goes ahead for the tag of package.json’s version, with the OIDC permission, in package.json’s repository', () => {
		expect(publishProblems(actions, pkg, CHANGELOG)).toEqual([]);
		expect(githubRepositoryOf('https://github.com/Loops-Community/n8n-nodes-loops-so')).toBe(
			'loops-community/n8n-nodes-loops-so',
		);
		expect(
			publishProblems(
				{ ...actions, GITHUB_REPOSITORY: 'Loops-Community/n8n-nodes-loops-so' },
				pkg,
				CHANGELOG,
			),
		).toEqual([]);
	});

	it('stops outside GitHub Actions, saying what to run instead', () => {
		expect(publishProblems({}, pkg, CHANGELOG)).toEqual([
			expect.stringContaining(
				'publishing runs in GitHub Actions only (.github/workflows/publish.yml, on a version tag)',
			),
		]);
	});

	it('stops for each missing piece, naming it', () => {
		const without = (name: keyof typeof actions) => ({ ...actions, [name]: undefined });
		expect(publishProblems(without('ACTIONS_ID_TOKEN_REQUEST_URL'), pkg, CHANGELOG)).toEqual([
			expect.stringContaining('`permissions: id-token: write`'),
		]);
		expect(publishProblems({ ...actions, GITHUB_REF_NAME: 'v0.1.9' }, pkg, CHANGELOG)).toEqual([
			'this run is for tag "v0.1.9", not the tag v0.2.0 of package.json\'s version',
		]);
		expect(
			publishProblems(
				{ ...actions, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' },
				pkg,
				CHANGELOG,
			),
		).toHaveLength(1);
		expect(
			publishProblems({ ...actions, GITHUB_REPOSITORY: 'someone/fork' }, pkg, CHANGELOG),
		).toEqual([
			"package.json's repository is loops-community/n8n-nodes-loops-so, but this runs in someone/fork",
		]);
		expect(
			publishProblems(
				{ ...actions, GITHUB_REF_NAME: 'v0.3.0' },
				{ ...pkg, version: '0.3.0' },
				CHANGELOG,
			),
		).toEqual(['CHANGELOG.md has no "## 0.3.0" section (npm run release -- 0.3.0 makes it)']);
		expect(publishProblems(actions, { ...pkg, publishConfig: {} }, CHANGELOG)).toEqual([
			'package.json lacks publishConfig.provenance: true',
		]);
		const placeholder = {
			...pkg,
			repository: { url: 'git+https://github.com/TODO-owner/n8n-nodes-loops-so.git' },
		};
		expect(publishProblems(actions, placeholder, CHANGELOG)).toEqual([
			'package.json still has placeholders: repository.url (git+https://github.com/TODO-owner/n8n-nodes-loops-so.git)',
		]);
	});
});

describe('the prepublishOnly guard', () => {
	const release = {
		GITHUB_ACTIONS: 'true',
		ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/',
		RELEASE_MODE: 'true',
		NPM_CONFIG_PROVENANCE: 'true',
	};

	it('lets through the npm publish of n8n-node release in GitHub Actions with the OIDC permission', () => {
		expect(guardProblems(release)).toEqual([]);
		// npm's own spelling of the setting, when given as --provenance
		expect(
			guardProblems({
				...release,
				NPM_CONFIG_PROVENANCE: undefined,
				npm_config_provenance: 'true',
			}),
		).toEqual([]);
	});

	it('refuses a laptop, a job without the permission, a publish not run by the release, provenance turned off', () => {
		expect(guardProblems({})).toEqual([
			'not in GitHub Actions',
			'not run by `npm run release` (n8n-node release)',
		]);
		expect(guardProblems({ ...release, GITHUB_ACTIONS: undefined })).toEqual([
			'not in GitHub Actions',
		]);
		expect(guardProblems({ ...release, ACTIONS_ID_TOKEN_REQUEST_URL: undefined })).toEqual([
			'no OIDC token (the job lacks `permissions: id-token: write`)',
		]);
		expect(guardProblems({ ...release, RELEASE_MODE: undefined })).toEqual([
			'not run by `npm run release` (n8n-node release)',
		]);
		expect(guardProblems({ ...release, NPM_CONFIG_PROVENANCE: 'false' })).toEqual([
			'provenance turned off (false)',
		]);
	});
});
