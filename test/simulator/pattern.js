'use strict';
/**
 * Produces a string matching a simple regular expression (the kind a json_schema
 * `pattern` holds: literals, classes, \d \w \s, groups, alternation, quantifiers).
 * The result is checked with RegExp by the caller; unsupported syntax returns null.
 */
const { randomInt, pick } = require('./prng');

const DIGITS = '0123456789';
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

function samplePattern(pattern, rng) {
	const parser = { text: pattern, pos: 0 };
	try {
		const node = parseAlternation(parser);
		if (parser.pos !== pattern.length) return null;
		const out = generate(node, rng);
		return new RegExp(pattern).test(out) ? out : null;
	} catch {
		return null;
	}
}

function parseAlternation(p) {
	const branches = [parseSequence(p)];
	while (p.text[p.pos] === '|') {
		p.pos++;
		branches.push(parseSequence(p));
	}
	return { kind: 'alt', branches };
}

function parseSequence(p) {
	const items = [];
	while (p.pos < p.text.length && p.text[p.pos] !== '|' && p.text[p.pos] !== ')') {
		const atom = parseAtom(p);
		items.push(parseQuantifier(p, atom));
	}
	return { kind: 'seq', items };
}

function parseAtom(p) {
	const c = p.text[p.pos++];
	if (c === '^' || c === '$') return { kind: 'empty' };
	if (c === '(') {
		if (p.text.startsWith('?:', p.pos)) p.pos += 2;
		const inner = parseAlternation(p);
		if (p.text[p.pos++] !== ')') throw new Error('unclosed group');
		return inner;
	}
	if (c === '[') return parseClass(p);
	if (c === '\\') return { kind: 'chars', chars: escapeChars(p.text[p.pos++]) };
	if (c === '.') return { kind: 'chars', chars: WORD };
	if ('*+?{'.includes(c)) throw new Error('dangling quantifier');
	return { kind: 'chars', chars: c };
}

function escapeChars(c) {
	if (c === 'd') return DIGITS;
	if (c === 'w') return WORD;
	if (c === 's') return ' ';
	if (/[A-Za-z]/.test(c)) throw new Error(`unsupported escape \\${c}`);
	return c;
}

function parseClass(p) {
	if (p.text[p.pos] === '^') throw new Error('negated classes unsupported');
	let chars = '';
	while (p.text[p.pos] !== ']') {
		if (p.pos >= p.text.length) throw new Error('unclosed class');
		let c = p.text[p.pos++];
		if (c === '\\') {
			chars += escapeChars(p.text[p.pos++]);
			continue;
		}
		if (p.text[p.pos] === '-' && p.text[p.pos + 1] !== ']' && p.pos + 1 < p.text.length) {
			const end = p.text[p.pos + 1];
			p.pos += 2;
			for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code);
			continue;
		}
		chars += c;
	}
	p.pos++;
	return { kind: 'chars', chars };
}

function parseQuantifier(p, atom) {
	const c = p.text[p.pos];
	let min = 1;
	let max = 1;
	if (c === '*') [min, max] = [0, 3];
	else if (c === '+') [min, max] = [1, 3];
	else if (c === '?') [min, max] = [0, 1];
	else if (c === '{') {
		const m = /^\{(\d+)(,(\d*))?\}/.exec(p.text.slice(p.pos));
		if (!m) throw new Error('bad quantifier');
		min = Number(m[1]);
		max = m[2] ? (m[3] ? Number(m[3]) : min + 3) : min;
		p.pos += m[0].length - 1;
	} else return atom;
	p.pos++;
	return { kind: 'repeat', atom, min, max };
}

function generate(node, rng) {
	switch (node.kind) {
		case 'alt': return generate(pick(rng, node.branches), rng);
		case 'seq': return node.items.map((item) => generate(item, rng)).join('');
		case 'chars': return node.chars[Math.floor(rng() * node.chars.length)];
		case 'repeat': {
			let out = '';
			const count = randomInt(rng, node.min, node.max);
			for (let i = 0; i < count; i++) out += generate(node.atom, rng);
			return out;
		}
		default: return '';
	}
}

module.exports = { samplePattern };
