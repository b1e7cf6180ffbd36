'use strict';
/** Time formatting shared by segment boundaries, timestamp fields and json_schema values. */

const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * Formats seconds as the API's timestamp formats: seconds → number, otherwise a string.
 * @param {number} seconds
 * @param {'seconds' | 'hh:mm:ss' | 'hh:mm:ss.fff'} [format]
 * @returns {number | string}
 */
function formatTimestamp(seconds, format = 'seconds') {
	if (format === 'seconds') return Math.round(seconds * 1000) / 1000;
	if (format === 'hh:mm:ss') return clockText(Math.round(seconds));
	const totalMs = Math.round(seconds * 1000);
	return `${clockText(Math.floor(totalMs / 1000))}.${pad(totalMs % 1000, 3)}`;
}

function clockText(wholeSeconds) {
	const h = Math.floor(wholeSeconds / 3600);
	const m = Math.floor((wholeSeconds % 3600) / 60);
	return `${pad(h)}:${pad(m)}:${pad(wholeSeconds % 60)}`;
}

/** RFC 3339 with milliseconds, as the API writes created_at. */
const rfc3339 = (epochMs) => new Date(epochMs).toISOString();

module.exports = { formatTimestamp, clockText, rfc3339 };
