/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev scripts: where they keep what they install */
/** Where the real-n8n scripts find the project and keep what they install. */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Where n8n installs go: .cache/n8n (git-ignored), or LOOPS_N8N_CACHE_DIR (e.g. one install shared by clones). */
export const CACHE_DIR = process.env.LOOPS_N8N_CACHE_DIR
	? path.resolve(process.env.LOOPS_N8N_CACHE_DIR)
	: path.join(ROOT, '.cache', 'n8n');
