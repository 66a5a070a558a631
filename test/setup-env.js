// n8n-core writes ~/.n8n/config on import unless N8N_USER_FOLDER points elsewhere: keep tests off the home folder.
const os = require('os');
const path = require('path');
const fs = require('fs');

if (!process.env.N8N_USER_FOLDER) {
	// one folder for every run (not one per process): n8n only keeps its settings file there
	const folder = path.join(os.tmpdir(), 'n8n-nodes-loops-so-jest');
	fs.mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
