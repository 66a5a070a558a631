/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the release tests run npm with a laptop's environment */

/**
 * What npm needs of the machine's environment on any system (PATH and the system's basics), and nothing of CI's
 * or this shell's npm settings: the release tests add a home, a userconfig and a stand-in registry of their own.
 */
export function systemBasics(): NodeJS.ProcessEnv {
	const keep = [
		'PATH',
		'Path',
		'PATHEXT',
		'SystemRoot',
		'ComSpec',
		'windir',
		'TEMP',
		'TMP',
		'TMPDIR',
	];
	const env: NodeJS.ProcessEnv = {};
	for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
	return env;
}
