// n8n-core's InstanceSettings writes an encryption key under N8N_USER_FOLDER: keep it in a
// throwaway folder so tests never touch a real n8n home. test/setup-after-env.js removes it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-n8n-home-'));
	process.env.TL_N8N_HOME_IS_THROWAWAY = '1';
}
