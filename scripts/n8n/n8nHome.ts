/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev scripts: they make n8n folders */
/**
 * n8n "homes": each a temporary N8N_USER_FOLDER of its own (its own SQLite database unless given PostgreSQL), with
 * this package installed the way n8n installs a community package.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { selectedLine, type N8nLine } from './n8nLines';
import { npm, PACKAGE_NAME } from './package';
import { runChecked } from './process';
import type { Json } from './runData';

/** A PostgreSQL database for n8n (DB_TYPE=postgresdb), e.g. the one services.ts starts for queue mode. */
export interface PostgresDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export interface N8nHome {
	/** N8N_USER_FOLDER */
	userFolder: string;
	/** <userFolder>/.n8n/nodes, where community packages live */
	nodesDir: string;
	installed: { dir: string; version: string } | null;
	/** The n8n this home runs (default: selectedLine()). */
	line: N8nLine;
	/**
	 * Where every n8n process of this home keeps its data: its own SQLite file by default, or a PostgreSQL
	 * database, which a main and its queue-mode workers share.
	 */
	database?: PostgresDatabase;
}

/**
 * Installs the tarball into `nodesDir` by the steps n8n itself takes for a community package
 * (CommunityPackagesService in n8n 2.41): unpacked into nodes/node_modules/<name>, its package.json stripped of
 * dev, peer and optional dependencies, `npm install` run inside it with no scripts and no lockfile (its runtime
 * dependencies: none here). Returns the installed folder and version.
 */
async function installCommunityPackage(nodesDir: string, tarball: string) {
	const dir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(dir, { recursive: true });
	await runChecked('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
		timeoutMs: 60_000,
	});
	const packageFile = path.join(dir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
		fs.readFileSync(packageFile, 'utf8'),
	);
	void [devDependencies, peerDependencies, optionalDependencies];
	fs.writeFileSync(packageFile, JSON.stringify(pkg, null, 2));
	await runChecked(
		npm,
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--omit=dev',
		],
		{ cwd: dir, timeoutMs: 5 * 60_000 },
	);
	return { dir, name: pkg.name as string, version: pkg.version as string };
}

/**
 * A fresh N8N_USER_FOLDER, with the packed package (if given) installed into `<folder>/.n8n/nodes` as a community
 * package and recorded in nodes/package.json (`<name>: <version>`). n8n loads every package in nodes/node_modules
 * at boot.
 */
export async function createN8nHome(
	options: { tarball?: string; prefix?: string; line?: N8nLine; database?: PostgresDatabase } = {},
): Promise<N8nHome> {
	const { tarball, prefix = 'n8n-nodes-loops-so-e2e-', line = selectedLine(), database } = options;
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const dependencies: Record<string, string> = {};
	const home: N8nHome = {
		userFolder,
		nodesDir,
		installed: null,
		line,
		...(database ? { database } : {}),
	};
	if (tarball) {
		const { dir, name, version } = await installCommunityPackage(nodesDir, tarball);
		dependencies[name] = version;
		home.installed = { dir, version };
	}
	const nodesPackage = { name: 'installed-nodes', private: true, dependencies };
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify(nodesPackage, null, 2)}\n`,
	);
	return home;
}

/**
 * What the community-package install left in a home: the dependencies nodes/package.json declares, the installed
 * package's files (relative paths) and the folders under its own node_modules (its runtime dependencies).
 */
export function describeInstall(home: N8nHome) {
	const nodesPackage = JSON.parse(
		fs.readFileSync(path.join(home.nodesDir, 'package.json'), 'utf8'),
	);
	const dir = path.join(home.nodesDir, 'node_modules', PACKAGE_NAME);
	const nested = path.join(dir, 'node_modules');
	const files: string[] = [];
	const walk = (folder: string) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				if (full !== nested) walk(full);
			} else files.push(path.relative(dir, full));
		}
	};
	walk(dir);
	return {
		declared: (nodesPackage.dependencies ?? {}) as Record<string, string>,
		packageJson: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Json,
		files: files.sort(),
		nodeModules: fs.existsSync(nested)
			? fs.readdirSync(nested).filter((name) => !name.startsWith('.'))
			: [],
	};
}

/** Removes a home's folder (its n8n must be stopped). */
export function removeN8nHome(home: N8nHome): void {
	fs.rmSync(home.userFolder, { recursive: true, force: true });
}
