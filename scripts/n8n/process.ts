/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: they start and stop processes */
/**
 * The one process helper of the real-n8n scripts: every command they run (npm, n8n, tar, servers) goes through
 * `runCommand` (to completion, with a time limit) or `startProcess` (a server, until stopped).
 *
 * execa spawns and collects (output, input, exit code or signal, spawn errors); what it leaves to us is the process
 * group: each child leads its own group (`detached`), so stopping it, or its time limit, stops whatever it started
 * too (n8n's task runners, Chromium's helpers), and every child still running when this process exits, or is
 * interrupted, is killed with its group. execa 5 is the last line published as CommonJS, which ts-node and Jest
 * load as they are set up here.
 */
import path from 'node:path';

import execa from 'execa';

type Child = execa.ExecaChildProcess;

const running = new Set<Child>();

function killGroup(child: Child, signal: NodeJS.Signals = 'SIGKILL'): void {
	try {
		if (child.pid !== undefined) process.kill(-child.pid, signal);
	} catch {
		child.kill(signal);
	}
}

process.on('exit', () => {
	for (const child of running) killGroup(child);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	const onSignal = () => {
		// A script with its own handler stops its children gracefully (and the exit hook above kills the rest).
		if (process.listenerCount(signal) > 1) return;
		for (const child of running) killGroup(child);
		process.off(signal, onSignal);
		process.kill(process.pid, signal); // die of the signal, as without a handler
	};
	process.on(signal, onSignal);
}

/** Spawns `cmd` as the leader of its own process group, with exactly `env` (nothing merged in). */
function spawnInGroup(
	cmd: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; buffer: boolean },
): Child {
	const child = execa(cmd, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		extendEnv: false,
		input: options.input,
		stdin: options.input === undefined ? 'ignore' : 'pipe',
		buffer: options.buffer,
		maxBuffer: 512 * 1024 * 1024,
		stripFinalNewline: false,
		detached: true,
		// execa's own clean-up skips detached children: the exit hook above kills their groups instead
		cleanup: false,
		reject: false,
	});
	running.add(child);
	void child.then(() => running.delete(child));
	return child;
}

/** How a process ended: exit code or signal (n8n 1.x on Node 24 can end with SIGSEGV on its way out). */
export interface Ending {
	code: number | null;
	signal: string | null;
}

export interface CommandResult {
	/** The exit code, or the signal that ended it. */
	code: number | string | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Killed (with its group) after this long; the promise then rejects. Default 2 minutes. */
	timeoutMs?: number;
	input?: string;
	/** For long commands: prints "<label>: N s …" every 30 s and "<label>: done in N s" to stderr. */
	label?: string;
	/** Also prints the command's output as it comes (for commands a person watches, e.g. a release). */
	passthrough?: boolean;
}

function say(label: string, text: string): void {
	process.stderr.write(`[${label}] ${text}\n`);
}

/**
 * Runs a command to completion. Resolves with its exit code and output (a non-zero exit is for the caller to
 * judge); rejects when it cannot start or runs out of time, with the end of its output.
 */
export async function runCommand(
	cmd: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const { cwd, env, timeoutMs = 120_000, input, label, passthrough = false } = options;
	const started = Date.now();
	const child = spawnInGroup(cmd, args, { cwd, env, input, buffer: true });
	if (passthrough) {
		child.stdout?.on('data', (chunk) => process.stdout.write(chunk));
		child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
	}
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child);
	}, timeoutMs);
	const heartbeat = label
		? setInterval(() => say(label, `${Math.round((Date.now() - started) / 1000)} s …`), 30_000)
		: undefined;
	try {
		const result = await child;
		const ms = Date.now() - started;
		const stdout = String(result.stdout ?? '');
		const stderr = String(result.stderr ?? '');
		if (timedOut) {
			throw new Error(
				`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n` +
					`--- stdout (end) ---\n${stdout.slice(-4000)}\n--- stderr (end) ---\n${stderr.slice(-4000)}`,
			);
		}
		const code = result.exitCode ?? result.signal ?? null;
		if (code === null)
			throw new Error(`could not run ${cmd}: ${(result as execa.ExecaError).shortMessage}`);
		if (label) say(label, `${code === 0 ? 'done' : `exit ${code}`} in ${Math.round(ms / 1000)} s`);
		return { code, stdout, stderr, ms };
	} finally {
		clearTimeout(timer);
		if (heartbeat) clearInterval(heartbeat);
	}
}

/** Runs a command and throws, with its output, unless it exits 0. */
export async function runChecked(
	cmd: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const result = await runCommand(cmd, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${options.label ?? path.basename(cmd)} failed (exit ${result.code}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
		);
	}
	return result;
}

export interface StartedProcess {
	pid: number;
	/** The end of what it printed (stdout and stderr together). */
	logs(): string;
	/** How it ended, or null while it runs. */
	exited(): Ending | null;
	/** Resolves when it has ended. */
	whenExited: Promise<Ending>;
	/** SIGTERM to the process, SIGKILL to its group after `graceMs`; resolves once it has ended. */
	stop(graceMs?: number): Promise<Ending>;
}

export interface StartOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Stopped (with its group) after this long at the latest; 0 = no bound. Default 30 minutes. */
	maxLifetimeMs?: number;
	onOutput?: (text: string) => void;
}

/** Starts a long-running process (a server) in its own process group. */
export function startProcess(
	cmd: string,
	args: string[],
	options: StartOptions = {},
): StartedProcess {
	const { cwd, env, maxLifetimeMs = 30 * 60_000, onOutput } = options;
	const child = spawnInGroup(cmd, args, { cwd, env, buffer: false });
	if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
	let log = '';
	let exited: Ending | null = null;
	const onData = (chunk: Buffer | string) => {
		const text = chunk.toString();
		log = (log + text).slice(-200_000);
		onOutput?.(text);
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const lifetime = maxLifetimeMs
		? setTimeout(() => {
				onData(
					`\n[process] ${path.basename(cmd)} ran longer than ${maxLifetimeMs / 1000} s: stopping it\n`,
				);
				killGroup(child);
			}, maxLifetimeMs)
		: undefined;
	lifetime?.unref();
	const whenExited = child.then((result) => {
		exited = { code: result.exitCode ?? null, signal: result.signal ?? null };
		if (lifetime) clearTimeout(lifetime);
		return exited;
	});
	return {
		pid: child.pid,
		logs: () => log,
		exited: () => exited,
		whenExited,
		async stop(graceMs = 15_000) {
			if (exited) return exited;
			// the grace period is ours (then the whole group), not execa's 5 s for the leader alone
			child.kill('SIGTERM', { forceKillAfterTimeout: false });
			const force = setTimeout(() => killGroup(child), graceMs);
			const ending = await whenExited;
			clearTimeout(force);
			killGroup(child); // anything it left behind in its group
			return ending;
		},
	};
}
