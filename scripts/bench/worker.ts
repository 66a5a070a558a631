/**
 * One n8n process of the benchmark's several-processes mode (like one n8n queue-mode worker): its own
 * Loops node and so its own pacer, driven by the main process (scripts/bench.ts) over IPC.
 */
import { runWorkload, type WorkloadResult } from './workload';

export type WorkerCommand =
	| { type: 'warm'; url: string; apiKey: string; count: number }
	| { type: 'run'; url: string; apiKey: string; count: number; prefix: string; paced: boolean }
	| { type: 'exit' };

export type WorkerReply =
	| { type: 'ready' }
	| ({ type: 'done' } & WorkloadResult)
	| { type: 'failed'; message: string };

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- a child process of a dev script talks over IPC
const proc = process;

function reply(message: WorkerReply): void {
	proc.send?.(message);
}

proc.on('message', (command: WorkerCommand) => {
	void (async () => {
		try {
			if (command.type === 'exit') {
				proc.disconnect?.();
				return;
			}
			if (command.type === 'warm') {
				// Module loading and JIT, on an account of its own, so the measured run pays for neither.
				await runWorkload({ ...command, prefix: 'warm-', paced: true });
				reply({ type: 'ready' });
				return;
			}
			reply({ type: 'done', ...(await runWorkload(command)) });
		} catch (error) {
			reply({
				type: 'failed',
				message: error instanceof Error ? (error.stack ?? error.message) : String(error),
			});
		}
	})();
});
