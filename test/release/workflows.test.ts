/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test of the repository's own files (never shipped) */
/**
 * The GitHub Actions workflows (.github/workflows). GitHub cannot run here, so these pin what can be checked
 * locally: valid YAML, the triggers, the permissions the publish needs, actions pinned to a commit, and that CI runs
 * the README's test command as .ci/run does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Step = {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
};
type Job = {
	uses?: string;
	needs?: string | string[];
	'runs-on'?: string;
	'timeout-minutes'?: number;
	permissions?: Record<string, string>;
	steps?: Step[];
};
type Workflow = {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
};

/** Parses a workflow file; YAML errors (and duplicate keys, which GitHub refuses) throw. */
function workflow(file: string): Workflow {
	return parse(read(path.join('.github', 'workflows', file)), {
		uniqueKeys: true,
		strict: true,
	}) as Workflow;
}

const runs = (job: Job) => (job.steps ?? []).flatMap((step) => (step.run ? [step.run.trim()] : []));

describe('.github/workflows', () => {
	it('holds exactly ci.yml and publish.yml, both valid YAML', () => {
		expect(fs.readdirSync(path.join(ROOT, '.github', 'workflows')).sort()).toEqual([
			'ci.yml',
			'publish.yml',
		]);
		expect(() => workflow('ci.yml')).not.toThrow();
		expect(() => workflow('publish.yml')).not.toThrow();
		// the parser does refuse what GitHub would: a duplicate key
		expect(() => parse('on: push\non: pull_request\n', { uniqueKeys: true })).toThrow();
	});

	it('pins every action to a full commit, with its version beside it', () => {
		for (const file of ['ci.yml', 'publish.yml']) {
			const text = read(path.join('.github', 'workflows', file));
			const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)].map((m) => ({
				ref: m[1],
				comment: m[2].trim(),
			}));
			const actions = uses.filter((u) => !u.ref.startsWith('./'));
			expect(actions.length).toBeGreaterThan(0);
			for (const action of actions) {
				expect(action.ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
				expect(action.comment).toMatch(/^# v\d+\.\d+\.\d+$/);
			}
		}
	});
});

describe('ci.yml', () => {
	const ci = workflow('ci.yml');

	it('runs on pushes to branches and on pull requests, and publish.yml can call it', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
		expect(ci.on.push).toEqual({ branches: ['**'] }); // a version tag's run is publish.yml's
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it('runs the README’s test command on Node 20, as .ci/run does, within the 90 minutes CI has', () => {
		const readme = read('README.md');
		expect(readme).toContain('\nnpm ci && npm test\n');
		expect(read('.ci/run')).toMatch(/\nnpm ci[^\n]*\nnpm test\n/);

		const test = ci.jobs.test;
		expect(test['runs-on']).toBe('ubuntu-latest');
		expect(test['timeout-minutes']).toBeLessThanOrEqual(90);
		const setupNode = test.steps?.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe(20);
		expect(runs(test)).toEqual([
			'npm ci',
			'sudo apt-get update -q && sudo apt-get install -y -q --no-install-recommends redis-server postgresql',
			'npm test',
		]);
	});

	it('checks out the whole history, in which the repository test looks up the commits the docs cite', () => {
		for (const job of [ci.jobs.test, ci.jobs.unit]) {
			const checkout = job.steps?.find((step) => step.uses?.startsWith('actions/checkout@'));
			expect(checkout?.with).toEqual({ 'fetch-depth': 0 });
		}
	});

	it('runs npm ci and the unit tests on macOS and Windows too', () => {
		const unit = ci.jobs.unit as Job & { strategy: { matrix: { os: string[] } } };
		expect(unit['runs-on']).toBe('${{ matrix.os }}');
		expect(unit.strategy.matrix.os).toEqual(['macos-latest', 'windows-latest']);
		expect(runs(unit)).toEqual(['npm ci', 'npm run lint && npm run build && npm run test:unit']);
	});
});

describe('publish.yml', () => {
	const publish = workflow('publish.yml');

	it('runs on version tags only', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('publishes after CI passed, from a job with the OIDC permission, through npm run release', () => {
		expect(publish.permissions).toEqual({ contents: 'read' });
		expect(publish.jobs.test).toEqual({ name: 'CI', uses: './.github/workflows/ci.yml' });

		const job = publish.jobs.publish;
		expect(job.needs).toBe('test');
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const setupNode = job.steps?.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setupNode?.with?.['node-version']).toBe(24); // npm 11: trusted publishing
		const commands = runs(job);
		expect(commands[0]).toBe('npm ci');
		expect(commands.at(-1)).toMatch(/\nnpm run release$/);
		// no other publish path in any job
		for (const name of Object.keys(publish.jobs)) {
			for (const command of runs(publish.jobs[name])) expect(command).not.toMatch(/npm publish/);
		}
	});

	it('creates the GitHub release with the CHANGELOG section, from a job that cannot publish to npm', () => {
		const job = publish.jobs['github-release'];
		expect(job.needs).toBe('publish');
		expect(job.permissions).toEqual({ contents: 'write' });
		expect(runs(publish.jobs.publish)).toContainEqual(
			expect.stringContaining('npm run --silent release -- notes'),
		);
		const [create] = job.steps ?? [];
		expect(create.run).toMatch(/^gh release create "\$GITHUB_REF_NAME" .*--notes "\$NOTES"$/);
		// the notes reach the shell as an environment variable, never spliced into the script
		expect(create.env?.NOTES).toBe('${{ needs.publish.outputs.notes }}');
	});
});
