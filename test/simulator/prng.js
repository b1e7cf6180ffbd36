'use strict';
/**
 * Small seeded randomness helpers. Everything the simulator invents (ids, durations,
 * outcomes, results, faults) comes from these, so a seed replays a run exactly.
 */

/**
 * mulberry32: a tiny 32-bit PRNG; returns a function giving floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * FNV-1a hash of a string, used to derive independent seeds (e.g. seed + task id).
 * @param {string} text
 * @returns {number}
 */
function hashString(text) {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** A PRNG for one purpose, independent of every other purpose using the same seed. */
function rngFor(seed, ...labels) {
	return mulberry32(hashString(`${seed}:${labels.join(':')}`));
}

function randomInt(rng, min, max) {
	return min + Math.floor(rng() * (max - min + 1));
}

function pick(rng, list) {
	return list[Math.floor(rng() * list.length)];
}

function hex(rng, length) {
	let out = '';
	while (out.length < length) out += Math.floor(rng() * 16).toString(16);
	return out;
}

/** A version-4-looking uuid built from the PRNG (not crypto: it only has to look right). */
function uuid(rng) {
	const variant = '89ab'[Math.floor(rng() * 4)];
	return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${variant}${hex(rng, 3)}-${hex(rng, 12)}`;
}

module.exports = { mulberry32, hashString, rngFor, randomInt, pick, hex, uuid };
