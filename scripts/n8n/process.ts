/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- dev scripts: they start and stop processes */
/**
 * The one process helper of the real-n8n scripts: every command they run (npm, n8n, tar, servers) goes through
 * `runCommand` (to completion, with a time limit) or `startProcess` (a server, until stopped). Each child is the
 * leader of its own process group, so stopping it stops whatever it started; every child still running when this
 * process exits is killed with its group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
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

function say(label: string, text: string): void {
	process.stderr.write(`[${label}] ${text}\n`);
}

export interface CommandResult {
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

/**
 * Runs a command to completion. Resolves with its exit code and output (a non-zero exit is for the caller to
 * judge); rejects when it cannot start or runs out of time, with the end of its output.
 */
export async function runCommand(
	cmd: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const {
		cwd,
		env = process.env,
		timeoutMs = 120_000,
		input,
		label,
		passthrough = false,
	} = options;
	const started = Date.now();
	const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
	running.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk) => {
		stdout += chunk;
		if (passthrough) process.stdout.write(chunk);
	});
	child.stderr?.on('data', (chunk) => {
		stderr += chunk;
		if (passthrough) process.stderr.write(chunk);
	});
	child.stdin?.end(input);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child);
	}, timeoutMs);
	const heartbeat = label
		? setInterval(() => say(label, `${Math.round((Date.now() - started) / 1000)} s …`), 30_000)
		: undefined;
	try {
		return await new Promise<CommandResult>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', (code, signal) => {
				const ms = Date.now() - started;
				if (timedOut) {
					reject(
						new Error(
							`${path.basename(cmd)} ${args.join(' ')} timed out after ${timeoutMs / 1000} s\n` +
								`--- stdout (end) ---\n${stdout.slice(-4000)}\n--- stderr (end) ---\n${stderr.slice(-4000)}`,
						),
					);
					return;
				}
				if (label)
					say(
						label,
						`${code === 0 ? 'done' : `exit ${code ?? signal}`} in ${Math.round(ms / 1000)} s`,
					);
				resolve({ code: code ?? signal, stdout, stderr, ms });
			});
		});
	} finally {
		clearTimeout(timer);
		if (heartbeat) clearInterval(heartbeat);
		running.delete(child);
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
	exited(): { code: number | null; signal: string | null } | null;
	/** Resolves when it has ended. */
	whenExited: Promise<{ code: number | null; signal: string | null }>;
	/** SIGTERM to the process, SIGKILL to its group after `graceMs`; resolves once it has ended. */
	stop(graceMs?: number): Promise<{ code: number | null; signal: string | null }>;
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
	const { cwd, env = process.env, maxLifetimeMs = 30 * 60_000, onOutput } = options;
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
	running.add(child);
	let log = '';
	let exited: { code: number | null; signal: string | null } | null = null;
	const onData = (chunk: Buffer) => {
		const text = chunk.toString();
		log = (log + text).slice(-200_000);
		onOutput?.(text);
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const lifetime = maxLifetimeMs
		? setTimeout(() => {
				onData(
					Buffer.from(
						`\n[process] ${path.basename(cmd)} ran longer than ${maxLifetimeMs / 1000} s: stopping it\n`,
					),
				);
				killGroup(child);
			}, maxLifetimeMs)
		: undefined;
	lifetime?.unref();
	const whenExited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
		child.on('close', (code, signal) => {
			exited = { code, signal };
			running.delete(child);
			if (lifetime) clearTimeout(lifetime);
			resolve(exited);
		});
	});
	return {
		pid: child.pid,
		logs: () => log,
		exited: () => exited,
		whenExited,
		async stop(graceMs = 15_000) {
			if (exited) return exited;
			child.kill('SIGTERM');
			const force = setTimeout(() => killGroup(child), graceMs);
			const result = await whenExited;
			clearTimeout(force);
			killGroup(child); // anything it left behind in its group
			return result;
		},
	};
}

/** A free TCP port on 127.0.0.1 (asked of the OS just now). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
