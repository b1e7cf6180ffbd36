/**
 * n8n's own outbound HTTP client: what `this.helpers.httpRequest` (and, after adding the
 * credential, `httpRequestWithAuthentication`) runs in n8n-core. Lets a unit test drive the
 * transport over a real socket with n8n's real handling of its options (stream bodies,
 * redirects not followed, timeouts, abort signals), without a workflow around it.
 */
const path = require('node:path');

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
const { Container } = require(require.resolve('@n8n/di', { paths: [coreDir] }));
const { OutboundHttp } = require(require.resolve('@n8n/backend-network', { paths: [coreDir] }));

async function n8nHttpRequest(options) {
	return await Container.get(OutboundHttp).requests().request(options);
}

module.exports = { n8nHttpRequest };
