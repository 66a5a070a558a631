/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test of the package as npm packs and publishes it: runs npm, serves a stand-in registry */
/**
 * The package as npm sees it: what `npm pack` ships, the metadata n8n's verification reads, and that a plain
 * `npm publish` outside GitHub Actions is refused before anything reaches the registry (a stand-in registry on
 * 127.0.0.1 records what arrives).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { placeholders, type PackageJson } from '../../scripts/release';
import { npmCliScript } from '../../scripts/n8n/runtime';

import { systemBasics } from './npmEnv';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- package.json as npm reads it
type AnyJson = Record<string, any>;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson &
	AnyJson;

interface NpmResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the npm CLI of this Node (no shell, any OS) in the project with `env` as its whole environment. */
async function npm(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<NpmResult> {
	return await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [npmCliScript(), ...args], { cwd: ROOT, env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('what npm ships', () => {
	it('npm pack: only dist/ (the nodes, credentials and icons), README.md, LICENSE.md and package.json', async () => {
		const result = await npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
		expect(result.code).toBe(0);
		const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
		const files = (info.files as Array<{ path: string }>).map((file) =>
			file.path.replace(/\\/g, '/'),
		);
		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual([
			'LICENSE.md',
			'README.md',
			'package.json',
		]);
		// dist/ as the build leaves it: no compiled tests or scripts (`tsc -p tsconfig.json` would put them there)
		expect(
			files.filter(
				(file) => file.startsWith('dist/') && !/^dist\/(nodes|credentials|icons)\//.test(file),
			),
		).toEqual([]);
		if (fs.existsSync(path.join(ROOT, 'dist'))) {
			// once built (npm test builds before the unit tests), every file n8n loads is in it
			expect(files).toEqual(expect.arrayContaining([...pkg.n8n.nodes, ...pkg.n8n.credentials]));
		}
		expect(pkg.files).toEqual(['dist']);
	});
});

describe('package.json', () => {
	it('has what n8n’s verification and npm’s provenance read: repository, bugs, homepage, author', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.repository).toEqual({
			type: 'git',
			url: expect.stringMatching(/^git\+https:\/\/github\.com\/[^/]+\/n8n-nodes-loops-so\.git$/),
		});
		const repo = pkg.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
		expect(pkg.bugs).toEqual({ url: `${repo}/issues` });
		expect(pkg.homepage).toBe(`${repo}#readme`);
		expect(pkg.author).toEqual({ name: expect.any(String), email: expect.stringContaining('@') });
		expect(pkg.license).toBe('MIT');
	});

	it('names every placeholder still to fill in, and docs/releasing.md says to fill each in before the first publish', () => {
		const unfilled = placeholders(pkg);
		const doc = fs.readFileSync(path.join(ROOT, 'docs', 'releasing.md'), 'utf8');
		const start = doc.indexOf('\n## Once, before the first publish');
		expect(start).toBeGreaterThan(0);
		const releasing = doc.slice(start, doc.indexOf('\n## ', start + 1));
		for (const entry of unfilled) expect(releasing).toContain(`\`${entry.split(' ')[0]}\``);
		// the placeholders are recognised (the release refuses to run with them)
		expect(
			placeholders({ ...pkg, repository: { url: 'git+https://github.com/TODO-owner/x.git' } }),
		).toContainEqual(expect.stringMatching(/^repository\.url/));
		expect(
			placeholders({
				...pkg,
				homepage: 'https://github.com/loops-community/n8n-nodes-loops-so#readme',
				bugs: { url: 'https://github.com/loops-community/n8n-nodes-loops-so/issues' },
				repository: { url: 'git+https://github.com/loops-community/n8n-nodes-loops-so.git' },
				author: { name: 'Ada Lovelace', email: 'ada@loops-community.dev' },
			}),
		).toEqual([]);
	});

	it('publishes publicly, with provenance, only through npm run release', () => {
		expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
		expect(pkg.scripts.release).toBe('ts-node --transpile-only scripts/release.ts');
		expect(pkg.scripts.prepublishOnly).toBe('ts-node --transpile-only scripts/release.ts guard');
	});
});

describe('npm publish outside the release workflow', () => {
	let registry: http.Server;
	let registryUrl: string;
	const arrived: string[] = [];
	let home: string;

	beforeAll(async () => {
		// a stand-in npm registry: knows no package, accepts any publish (a PUT), and records every request
		registry = http.createServer((request, response) => {
			arrived.push(`${request.method} ${request.url}`);
			request.resume();
			request.on('end', () => {
				response.writeHead(request.method === 'PUT' ? 201 : 404, {
					'content-type': 'application/json',
				});
				response.end(request.method === 'PUT' ? '{"ok":true}' : '{"error":"not_found"}');
			});
		});
		await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
		registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
		// a maintainer's machine: logged in to that registry, no CI around
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-loops-so-publish-'));
		fs.writeFileSync(
			path.join(home, '.npmrc'),
			`${registryUrl.replace(/^http:/, '')}:_authToken=a-maintainer-token\n`,
		);
	});

	afterAll(async () => {
		await new Promise((resolve) => registry.close(resolve));
		fs.rmSync(home, { recursive: true, force: true });
	});

	beforeEach(() => arrived.splice(0));

	/** A laptop's environment: PATH and the system's basics, this home, none of CI's variables. */
	function laptop(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return {
			...systemBasics(),
			HOME: home,
			USERPROFILE: home,
			npm_config_userconfig: path.join(home, '.npmrc'),
			npm_config_cache: path.join(home, 'npm-cache'),
			npm_config_registry: registryUrl,
			npm_config_update_notifier: 'false',
			...extra,
		};
	}

	const published = () => arrived.filter((request) => request.startsWith('PUT '));

	it('a plain npm publish on a laptop is refused: npm cannot sign a provenance statement there', async () => {
		const result = await npm(['publish'], laptop());
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			'Automatic provenance generation not supported for provider: null',
		);
		expect(arrived.length).toBeGreaterThan(0); // it did talk to the registry…
		expect(published()).toEqual([]); // …and sent it nothing
	}, 60_000);

	it('in GitHub Actions without the id-token permission it is refused too', async () => {
		const result = await npm(['publish'], laptop({ GITHUB_ACTIONS: 'true', CI: 'true' }));
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			'Provenance generation in GitHub Actions requires "write" access to the "id-token" permission',
		);
		expect(published()).toEqual([]);
	}, 60_000);

	it('with lifecycle scripts on, the prepublishOnly guard refuses before npm packs anything', async () => {
		const result = await npm(['publish', '--ignore-scripts=false'], laptop());
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			'n8n-nodes-loops-so is published only by .github/workflows/publish.yml',
		);
		expect(result.stderr).toContain('refused: not in GitHub Actions; not run by `npm run release`');
		expect(arrived).toEqual([]);
	}, 60_000);
});
