/**
 * Standalone Loops API emulator:
 *   npx ts-node --transpile-only test/emulator/cli.ts [--port 4010] [--host 127.0.0.1] [--rate-limit 10]
 *     [--api-key KEY] [--team-name NAME] [--attachments] [--no-content-api] [--no-metrics-api]
 *     [--no-sending-domain] [--cc-bcc] [--rate429 0.05] [--rate500 0.05] [--drop-rate 0.05] [--seed 1]
 *     [--rtt 150] [--jitter 20] [--request-delay 75] [--request-jitter 20] [--response-delay 75] [--response-jitter 0]
 * Prints its URL and the demo API key; stops on Ctrl-C. `--rate-limit 0` = unlimited. `--rtt` splits a round trip
 * in two halves, before Loops counts a request and on the way back; `--jitter` adds up to that many ms, uniformly
 * drawn, before Loops counts it (`--request-*` / `--response-*` set each part on its own).
 */
import { LoopsEmulator } from './server';
import {
	DEFAULT_API_KEY,
	DEFAULT_TEAM_NAME,
	PASSWORD_RESET_TRANSACTIONAL_ID,
	SEED_MAILING_LISTS,
} from './seed';
import type { EmulatorOptions, FaultOptions, NetworkOptions } from './types';

export interface CliArgs {
	options: EmulatorOptions;
	help: boolean;
}

function numberArg(name: string, value: string | undefined): number {
	const n = Number(value);
	if (value === undefined || value === '' || Number.isNaN(n))
		throw new Error(`${name} needs a number`);
	return n;
}

/** Parses the command line (without node and script). */
export function parseArgs(argv: readonly string[]): CliArgs {
	let port: number | undefined;
	let host: string | undefined;
	let rateLimit: number | undefined;
	let apiKey = DEFAULT_API_KEY;
	let teamName = DEFAULT_TEAM_NAME;
	let attachmentsEnabled = false;
	let contentApiEnabled = true;
	let metricsApiEnabled = true;
	let sendingDomainConfigured = true;
	let ccBccEnabled = false;
	let help = false;
	const faults: FaultOptions = {};
	const network: NetworkOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--port':
				port = numberArg(flag, value());
				break;
			case '--host':
				host = value();
				break;
			case '--rate-limit':
				rateLimit = numberArg(flag, value());
				break;
			case '--api-key':
				apiKey = value() ?? apiKey;
				break;
			case '--team-name':
				teamName = value() ?? teamName;
				break;
			case '--attachments':
				attachmentsEnabled = true;
				break;
			case '--no-content-api':
				contentApiEnabled = false;
				break;
			case '--no-metrics-api':
				metricsApiEnabled = false;
				break;
			case '--no-sending-domain':
				sendingDomainConfigured = false;
				break;
			case '--cc-bcc':
				ccBccEnabled = true;
				break;
			case '--rate429':
				faults.rate429 = numberArg(flag, value());
				break;
			case '--rate500':
				faults.rate500 = numberArg(flag, value());
				break;
			case '--drop-rate':
				faults.dropRate = numberArg(flag, value());
				break;
			case '--seed':
				faults.seed = numberArg(flag, value());
				network.seed = faults.seed;
				break;
			case '--rtt':
				network.requestDelayMs = numberArg(flag, value()) / 2;
				network.responseDelayMs = network.requestDelayMs;
				break;
			case '--jitter':
			case '--request-jitter':
				network.requestJitterMs = numberArg(flag, value());
				break;
			case '--request-delay':
				network.requestDelayMs = numberArg(flag, value());
				break;
			case '--response-delay':
				network.responseDelayMs = numberArg(flag, value());
				break;
			case '--response-jitter':
				network.responseJitterMs = numberArg(flag, value());
				break;
			case '--help':
			case '-h':
				help = true;
				break;
			default:
				throw new Error(`Unknown option ${flag} (try --help)`);
		}
	}
	const hasFaults =
		faults.rate429 !== undefined || faults.rate500 !== undefined || faults.dropRate !== undefined;
	const hasNetwork = Object.keys(network).some((name) => name !== 'seed');
	return {
		help,
		options: {
			port,
			host,
			rateLimit: rateLimit === 0 ? Infinity : rateLimit,
			accounts: [
				{
					apiKey,
					teamName,
					attachmentsEnabled,
					contentApiEnabled,
					metricsApiEnabled,
					sendingDomainConfigured,
					ccBccEnabled,
				},
			],
			faults: hasFaults ? faults : undefined,
			network: hasNetwork ? network : undefined,
		},
	};
}

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- standalone CLI of the test emulator (never shipped): needs argv, stdout and Ctrl-C
const proc = process;

function print(line: string): void {
	proc.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
	let args: CliArgs;
	try {
		args = parseArgs(proc.argv.slice(2));
	} catch (error) {
		proc.stderr.write(`${(error as Error).message}\n`);
		proc.exitCode = 2;
		return;
	}
	if (args.help) {
		print(
			'Usage: ts-node --transpile-only test/emulator/cli.ts [--port 4010] [--host 127.0.0.1] [--rate-limit 10 (0 = unlimited)]\n' +
				'  [--api-key KEY] [--team-name NAME] [--attachments] [--no-content-api] [--no-metrics-api]\n' +
				'  [--no-sending-domain] [--cc-bcc] [--rate429 S] [--rate500 S] [--drop-rate S] [--seed N]\n' +
				'  [--rtt MS (half before Loops counts a request, half back)] [--jitter MS (0..MS more before Loops counts it)]\n' +
				'  [--request-delay MS] [--request-jitter MS] [--response-delay MS] [--response-jitter MS]',
		);
		return;
	}
	const emulator = await LoopsEmulator.start(args.options);
	const account = emulator.account(args.options.accounts?.[0]?.apiKey ?? DEFAULT_API_KEY);
	print(`Loops API emulator listening on ${emulator.url}`);
	print(`  API key:        ${account.apiKey}   (team "${account.teamName}")`);
	print(
		`  Rate limit:     ${account.rateLimit === undefined ? 'unlimited' : `${account.rateLimit} requests/s`}`,
	);
	const network = emulator.networkOptions;
	print(
		`  Network:        ${
			network
				? `${network.requestDelayMs ?? 0} ms + 0..${network.requestJitterMs ?? 0} ms before Loops counts a request, ` +
					`${network.responseDelayMs ?? 0} ms + 0..${network.responseJitterMs ?? 0} ms back (seed ${network.seed})`
				: 'loopback (no delay)'
		}`,
	);
	print(`  Mailing lists:  ${SEED_MAILING_LISTS.map((l) => `${l.id} (${l.name})`).join(', ')}`);
	print(
		`  Transactional:  ${account.transactionalEmails.length} emails, e.g. "${PASSWORD_RESET_TRANSACTIONAL_ID}"`,
	);
	print(`  Content API:    ${account.contentApiEnabled ? 'on' : 'off (its endpoints answer 401)'}`);
	print(
		`  Metrics API:    ${account.metricsApiEnabled ? 'on' : 'off (the metrics endpoints answer 401)'}`,
	);
	print(
		`  Sending domain: ${account.sendingDomainConfigured ? 'yes' : 'none (creating campaigns and transactional emails answers 400)'}`,
	);
	print(`  CC and BCC:     ${account.ccBccEnabled ? 'on' : 'off'}`);
	print(
		`  Groups:         ${account.campaignGroups.length} campaign groups, ${account.transactionalGroups.length} transactional groups`,
	);
	print(`  Try: curl -H "Authorization: Bearer ${account.apiKey}" ${emulator.url}/v1/api-key`);
	print('Press Ctrl-C to stop.');
	const stop = (): void => {
		print(`\nStopping (${emulator.requests.length} requests served).`);
		void emulator.close().then(() => proc.exit(0));
	};
	proc.once('SIGINT', stop);
	proc.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		proc.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		proc.exit(1);
	});
}
