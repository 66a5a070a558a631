/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- dev scripts: the environment of a real n8n (its fixed test key is not a secret) */
/**
 * The environment of every n8n process of a home: isolated from the machine, nothing that phones home, 127.0.0.1
 * only, the home's database, and for queue mode the Redis and the role (main or worker).
 */
import path from 'node:path';

import type { N8nHome, PostgresDatabase } from './n8nHome';
import { majorOf } from './n8nLines';

/** Fixed, so credentials imported as plain data stay readable by every n8n process of a home. */
export const ENCRYPTION_KEY = 'n8n-nodes-loops-so-e2e-not-a-secret';

function databaseEnv(database: PostgresDatabase | undefined): Record<string, string> {
	if (!database) return { DB_TYPE: 'sqlite' };
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.host,
		DB_POSTGRESDB_PORT: String(database.port),
		DB_POSTGRESDB_DATABASE: database.database,
		DB_POSTGRESDB_USER: database.user,
		DB_POSTGRESDB_PASSWORD: database.password,
	};
}

/**
 * The settings that put an n8n process of a PostgreSQL home into queue mode (`EXECUTIONS_MODE=queue`) on the
 * Redis at `redis`: the main (`n8n start`) then only enqueues production executions, and each worker
 * (`n8n worker`) takes jobs from the queue and runs them in its own process. A worker answers its health check
 * (`/healthz/readiness`, which startN8n waits for) on `healthPort`, on 127.0.0.1, and writes n8n's event log to a
 * file of its own: workers sharing a user folder would otherwise append to the same `n8nEventLog-worker.log`.
 */
export function queueModeEnv(
	home: N8nHome,
	redis: { host: string; port: number },
	role: { worker: string; healthPort: number } | 'main',
): Record<string, string> {
	if (!home.database)
		throw new Error('queue mode needs a PostgreSQL home (createN8nHome({ database }))');
	const env: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
	if (role === 'main') return env;
	return {
		...env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(role.healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(
			home.userFolder,
			'.n8n',
			`n8nEventLog-${role.worker}.log`,
		),
	};
}

/**
 * The environment of one n8n process of `home`: isolated from the machine (no NODE_OPTIONS, no inherited N8N_*
 * settings), nothing that calls out at boot, 127.0.0.1 only, the given ports.
 */
export function n8nEnv(
	home: N8nHome,
	{
		port,
		brokerPort,
		extra = {},
	}: { port: number; brokerPort: number; extra?: Record<string, string> },
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|GENERIC_TIMEZONE$|npm_)/.test(
				name,
			)
		)
			continue;
		env[name] = value;
	}
	Object.assign(env, {
		N8N_USER_FOLDER: home.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		...databaseEnv(home.database),
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// nothing that calls out
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		...(majorOf(home.line) >= 2
			? // 2.x's MCP registry module fetches a catalogue at boot (1.x has no such module and refuses the name)
				{ N8N_DISABLED_MODULES: 'mcp-registry' }
			: // 1.x runs Code nodes in task runners only when asked (2.x always does): the same set-up on both lines
				{ N8N_RUNNERS_ENABLED: 'true' }),
		// community packages are loaded from <N8N_USER_FOLDER>/.n8n/nodes
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// 127.0.0.1 only, on ports free right now
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_MODE: 'internal',
		EXECUTIONS_MODE: 'regular',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
	});
	return Object.assign(env, extra);
}
