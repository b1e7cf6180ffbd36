// Copies node and credential icons into dist/, as the classic n8n starter's gulp task did.
// `npm run build` (n8n-node build) already does this; the file stays for tools that expect
// the classic layout. No gulp needed: `node gulpfile.js` runs it, and gulp can load it too.
const fs = require('node:fs');
const path = require('node:path');

function copyIcons(fromDir, toDir) {
	if (!fs.existsSync(fromDir)) return;
	for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
		const from = path.join(fromDir, entry.name);
		const to = path.join(toDir, entry.name);
		if (entry.isDirectory()) copyIcons(from, to);
		else if (/\.(svg|png)$/.test(entry.name)) {
			fs.mkdirSync(toDir, { recursive: true });
			fs.copyFileSync(from, to);
		}
	}
}

async function buildIcons() {
	copyIcons(path.resolve(__dirname, 'nodes'), path.resolve(__dirname, 'dist', 'nodes'));
	copyIcons(path.resolve(__dirname, 'icons'), path.resolve(__dirname, 'dist', 'icons'));
}

exports.default = buildIcons;
exports['build:icons'] = buildIcons;

if (require.main === module) buildIcons();
