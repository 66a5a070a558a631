/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test of the release script: runs npm and the script against a stand-in registry */
/**
 * The release refuses a name held on npm by someone else (scripts/release.ts, nameOnNpmProblems): it asks npm's
 * configured registry who maintains the name and who is publishing. The registry here is a stand-in on 127.0.0.1
 * answering as npm's does (the package document, /-/whoami); npm itself is the real CLI, pointed at it with
 * npm_config_registry.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { nameOnNpmProblems, parseMaintainers, type PackageJson } from '../../scripts/release';
import { npmCliScript } from '../../scripts/n8n/runtime';

import { systemBasics } from './npmEnv';

const ROOT = path.resolve(__dirname, '..', '..');
const NAME = 'n8n-nodes-loops-so';

const pkg: PackageJson = {
	name: NAME,
	version: '0.1.0',
	homepage: 'https://github.com/loops-community/n8n-nodes-loops-so#readme',
	bugs: { url: 'https://github.com/loops-community/n8n-nodes-loops-so/issues' },
	repository: { type: 'git', url: 'git+https://github.com/loops-community/n8n-nodes-loops-so.git' },
	author: { name: 'Ada Lovelace', email: 'ada@loops-community.dev' },
	publishConfig: { access: 'public', provenance: true },
};

interface Registry {
	url: string;
	/** "GET /n8n-nodes-loops-so", "GET /-/whoami (Bearer ada-token)", … */
	arrived: string[];
	/** The name's maintainers; undefined: the registry has no such package (404). */
	maintainers?: Array<{ name: string; email: string }>;
	/** The user each token logs in as; an unknown token gets 401. */
	users: Record<string, string>;
	/** Answer 500 to everything. */
	broken?: boolean;
	close(): Promise<void>;
}

/** A stand-in npm registry: the package document of NAME (with its maintainers) or 404, and /-/whoami. */
async function startRegistry(): Promise<Registry> {
	const registry = { arrived: [] as string[], users: {} } as unknown as Registry;
	const server = http.createServer((request, response) => {
		const auth = request.headers.authorization;
		registry.arrived.push(`${request.method} ${request.url}${auth ? ` (${auth})` : ''}`);
		request.resume();
		const answer = (status: number, body: unknown) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		if (registry.broken) return answer(500, { error: 'internal server error' });
		if (request.url === '/-/whoami') {
			const user = registry.users[(auth ?? '').replace(/^Bearer /, '')];
			return user ? answer(200, { username: user }) : answer(401, { error: 'unauthorized' });
		}
		if (request.url === `/${NAME}` && registry.maintainers) {
			// a package whose only version was published by a former maintainer: the current owners are the document's
			return answer(200, {
				_id: NAME,
				name: NAME,
				'dist-tags': { latest: '0.1.7' },
				versions: {
					'0.1.7': {
						name: NAME,
						version: '0.1.7',
						maintainers: [{ name: 'former', email: 'former@example.com' }],
					},
				},
				maintainers: registry.maintainers,
				time: { '0.1.7': '2025-01-01T00:00:00.000Z' },
			});
		}
		return answer(404, { error: 'Not found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	registry.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	registry.close = async () => await new Promise<void>((resolve) => server.close(() => resolve()));
	return registry;
}

let registry: Registry;
let home: string;

beforeAll(async () => {
	registry = await startRegistry();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-name-'));
});

afterAll(async () => {
	await registry.close();
	fs.rmSync(home, { recursive: true, force: true });
});

beforeEach(() => {
	registry.arrived.splice(0);
	registry.maintainers = undefined;
	registry.users = { 'ada-token': 'ada' };
	registry.broken = false;
});

/**
 * npm's environment: this home, npm's registry set to `registryUrl`, and `token` (if any) saved for it as
 * `npm login` or publish.yml's `npm config set` saves one. npm's own retries off, so a failure shows at once.
 */
function npmEnv({
	token,
	registryUrl = registry.url,
	extra = {},
}: { token?: string; registryUrl?: string; extra?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv {
	const userconfig = path.join(home, `npmrc-${token ?? 'none'}`);
	fs.writeFileSync(
		userconfig,
		token ? `${registryUrl.replace(/^http:/, '')}:_authToken=${token}\n` : '',
	);
	return {
		...systemBasics(),
		HOME: home,
		USERPROFILE: home,
		npm_config_userconfig: userconfig,
		npm_config_cache: path.join(home, 'npm-cache'),
		npm_config_registry: registryUrl,
		npm_config_fetch_retries: '0',
		npm_config_update_notifier: 'false',
		...extra,
	};
}

const whoamiCalls = () => registry.arrived.filter((r) => r.startsWith('GET /-/whoami'));
/** What was asked, without the credentials npm sent (npm decides when a read carries the token). */
const asked = () => registry.arrived.map((r) => r.replace(/ \(.*\)$/, ''));

describe('a name the registry does not know (404)', () => {
	it('is free: preparing a release asks who maintains it, and nothing more', async () => {
		expect(
			await nameOnNpmProblems(pkg, { env: npmEnv({ token: 'ada-token' }), publishing: false }),
		).toEqual([]);
		expect(asked()).toEqual([`GET /${NAME}`]);
	});

	it('is free for publish.yml with a token (the first publish)', async () => {
		expect(
			await nameOnNpmProblems(pkg, { env: npmEnv({ token: 'ada-token' }), publishing: true }),
		).toEqual([]);
		expect(whoamiCalls()).toEqual(['GET /-/whoami (Bearer ada-token)']);
	});

	it('without a token, publish.yml stops: trusted publishing needs a package that exists', async () => {
		const problems = await nameOnNpmProblems(pkg, { env: npmEnv(), publishing: true });
		expect(problems).toEqual([
			`${NAME} is not on ${registry.url} yet and this job has no npm token: npm's trusted publishing works ` +
				'only for a package that exists, so the first version publishes with a token (the repository secret ' +
				'NPM_TOKEN; docs/releasing.md, "Once, before the first publish")',
		]);
	});
});

describe('a name held by us', () => {
	beforeEach(() => {
		registry.maintainers = [
			{ name: 'grace', email: 'grace@loops-community.dev' },
			{ name: 'ada', email: 'ada@loops-community.dev' },
		];
	});

	it('goes ahead when the token’s npm user is one of its current maintainers', async () => {
		expect(
			await nameOnNpmProblems(pkg, { env: npmEnv({ token: 'ada-token' }), publishing: true }),
		).toEqual([]);
		expect(asked()).toEqual([`GET /${NAME}`, 'GET /-/whoami']);
		expect(whoamiCalls()).toEqual(['GET /-/whoami (Bearer ada-token)']);
	});

	it('goes ahead without a token (trusted publishing) when package.json’s author.email is a maintainer’s', async () => {
		expect(await nameOnNpmProblems(pkg, { env: npmEnv(), publishing: true })).toEqual([]);
		expect(whoamiCalls()).toEqual([]); // npm had no token to send
	});
});

describe('a name held by someone else', () => {
	beforeEach(() => {
		registry.maintainers = [{ name: 'mallory', email: 'mallory@example.com' }];
	});

	it('is refused, saying whose it is and what to do', async () => {
		const problems = await nameOnNpmProblems(pkg, {
			env: npmEnv({ token: 'ada-token' }),
			publishing: true,
		});
		expect(problems).toEqual([
			`${NAME} is already on ${registry.url}, maintained by mallory <mallory@example.com>, not by the npm ` +
				'user publishing (ada). If it is someone else\'s package, pick another name ("name" in ' +
				"package.json, and the README's install steps); if it is yours, ask one of its maintainers to add the " +
				`publishing account (npm owner add <npm user> ${NAME})`,
		]);
	});

	it('is refused when preparing a release on a maintainer’s machine too, logged in or not', async () => {
		const loggedIn = await nameOnNpmProblems(pkg, {
			env: npmEnv({ token: 'ada-token' }),
			publishing: false,
		});
		expect(loggedIn).toEqual([
			expect.stringContaining('maintained by mallory <mallory@example.com>'),
		]);
		const notLoggedIn = await nameOnNpmProblems(pkg, { env: npmEnv(), publishing: false });
		expect(notLoggedIn).toEqual([
			expect.stringContaining(
				"not by package.json's author.email (ada@loops-community.dev; with no npm token, the author stands " +
					'for the publisher)',
			),
		]);
		expect(notLoggedIn[0]).toMatch(/or set author\.email to a maintainer's email$/);
	});

	it('reads the package’s current maintainers, not those of the version the registry lists', async () => {
		// the stand-in's only version was published by "former": were the check to read it, ada would be refused for
		// the wrong reason and "former" would pass
		registry.maintainers = [{ name: 'ada', email: 'ada@loops-community.dev' }];
		registry.users['former-token'] = 'former';
		expect(
			await nameOnNpmProblems(pkg, { env: npmEnv({ token: 'former-token' }), publishing: true }),
		).toEqual([expect.stringContaining('not by the npm user publishing (former)')]);
	});
});

describe('a registry that cannot answer', () => {
	it('refuses when nothing listens at the registry’s address (no guess)', async () => {
		// a port that was free a moment ago: listened on, then closed
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const url = `http://127.0.0.1:${port}/`;
		const problems = await nameOnNpmProblems(pkg, {
			env: npmEnv({ token: 'ada-token', registryUrl: url }),
			publishing: true,
		});
		expect(problems).toEqual([
			expect.stringMatching(
				new RegExp(
					`^could not ask ${url.replace(/[.]/g, '\\.')} who maintains ${NAME} \\(npm ECONNREFUSED: .*\\); not publishing without knowing$`,
				),
			),
		]);
	});

	it('refuses when the registry answers an error', async () => {
		registry.broken = true;
		const problems = await nameOnNpmProblems(pkg, {
			env: npmEnv({ token: 'ada-token' }),
			publishing: false,
		});
		expect(problems).toEqual([
			expect.stringContaining(`could not ask ${registry.url} who maintains ${NAME} (npm E500: `),
		]);
	});

	it('refuses when the registry rejects the token, instead of publishing as nobody in particular', async () => {
		registry.maintainers = [{ name: 'ada', email: 'ada@loops-community.dev' }];
		const problems = await nameOnNpmProblems(pkg, {
			env: npmEnv({ token: 'expired-token' }),
			publishing: true,
		});
		expect(problems).toEqual([
			expect.stringContaining(
				`could not ask ${registry.url} which npm user the token logs in as (npm E401: `,
			),
		]);
	});
});

describe('maintainers as npm owner ls prints them', () => {
	it('reads "name <email>" lines, and no one for "no admin found"', () => {
		expect(parseMaintainers('ada <ada@example.com>\ngrace <grace@example.com>\n')).toEqual([
			{ name: 'ada', email: 'ada@example.com' },
			{ name: 'grace', email: 'grace@example.com' },
		]);
		expect(parseMaintainers('ada <>\n')).toEqual([{ name: 'ada', email: undefined }]);
		expect(parseMaintainers('no admin found\n')).toEqual([]);
	});
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
	return await new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('the release commands', () => {
	beforeEach(() => {
		registry.maintainers = [{ name: 'mallory', email: 'mallory@example.com' }];
	});

	it('npm run release -- check-name says whether the name is free, ours or someone else’s', async () => {
		const checkName = async () =>
			await run(
				process.execPath,
				[npmCliScript(), 'run', '--silent', 'release', '--', 'check-name'],
				ROOT,
				npmEnv({ token: 'ada-token' }),
			);
		const held = await checkName();
		expect(held.code).toBe(1);
		expect(held.stderr).toContain(
			`[release] ${NAME} is already on ${registry.url}, maintained by mallory <mallory@example.com>`,
		);

		registry.maintainers = [{ name: 'ada', email: 'ada@loops-community.dev' }];
		const ours = await checkName();
		expect(ours.stderr).toContain(
			`[release] ${NAME} is on ${registry.url}, maintained by ada <ada@loops-community.dev>: you (ada) among them`,
		);
		expect(ours.code).toBe(0);

		registry.maintainers = undefined;
		const free = await checkName();
		expect(free.stderr).toContain(`[release] ${NAME} is not on ${registry.url}: the name is free`);
		expect(free.code).toBe(0);
	}, 60_000);

	it('publish.yml’s npm run release stops before n8n-node release when the name is someone else’s', async () => {
		// a copy of the project whose metadata is filled in and whose CHANGELOG has the version, in GitHub Actions
		// for its tag: everything but the name lets it publish
		const project = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-release-'));
		try {
			const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
			fs.writeFileSync(
				path.join(project, 'package.json'),
				JSON.stringify({ ...own, ...pkg, version: '0.1.0' }, null, '\t'),
			);
			fs.writeFileSync(
				path.join(project, 'CHANGELOG.md'),
				'# Changelog\n\n## Unreleased\n\n## 0.1.0 - 2027-01-02\n\n- First version.\n',
			);
			fs.cpSync(path.join(ROOT, 'scripts'), path.join(project, 'scripts'), { recursive: true });
			fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(project, 'tsconfig.json'));
			fs.symlinkSync(
				path.join(ROOT, 'node_modules'),
				path.join(project, 'node_modules'),
				'junction',
			);

			const result = await run(
				process.execPath,
				[
					path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
					'--transpile-only',
					'scripts/release.ts',
				],
				project,
				npmEnv({
					token: 'ada-token',
					extra: {
						npm_execpath: npmCliScript(),
						GITHUB_ACTIONS: 'true',
						ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/',
						ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
						GITHUB_REF_TYPE: 'tag',
						GITHUB_REF_NAME: 'v0.1.0',
						GITHUB_REPOSITORY: 'loops-community/n8n-nodes-loops-so',
					},
				}),
			);
			expect(result.stderr).toContain(
				`[release] not publishing ${NAME} 0.1.0:\n  - ${NAME} is already on ${registry.url}, maintained by ` +
					'mallory <mallory@example.com>, not by the npm user publishing (ada).',
			);
			expect(result.stderr).not.toContain('n8n-node release');
			expect(result.code).toBe(1);
			expect(asked()).toEqual([`GET /${NAME}`, 'GET /-/whoami']);
			expect(whoamiCalls()).toEqual(['GET /-/whoami (Bearer ada-token)']);
		} finally {
			fs.rmSync(project, { recursive: true, force: true });
		}
	}, 60_000);
});
