import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Loops signs each delivery with the Standard Webhooks scheme (https://www.standardwebhooks.com):
 *
 *   webhook-signature = "v1,<base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${rawBody}`))>"
 *
 * where `key` is the base64 text after `whsec_` in the secret Loops shows under Settings → Webhooks. The header may
 * hold several space-separated signatures (e.g. during a key rotation); one matching `v1` entry is enough.
 */

/** How far `webhook-timestamp` may be from the receiver's clock, in either direction. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export const SECRET_PREFIX = 'whsec_';

export type SignatureFailureReason =
	| 'missing-headers'
	| 'invalid-secret'
	| 'invalid-timestamp'
	| 'stale-timestamp'
	| 'future-timestamp'
	| 'no-matching-signature';

export type SignatureVerification =
	| { ok: true }
	| { ok: false; reason: SignatureFailureReason; message: string };

export interface VerifyLoopsSignatureInput {
	/** The signing secret, `whsec_<base64>` (the prefix is optional, as in the reference libraries). */
	secret: string;
	/** The `webhook-id` header. */
	id: string | undefined;
	/** The `webhook-timestamp` header: Unix seconds. */
	timestamp: string | undefined;
	/** The `webhook-signature` header: space-separated `v1,<base64>` entries. */
	signatureHeader: string | undefined;
	/** The request body exactly as received. */
	rawBody: Buffer | string;
	/** The receiver's clock, Unix milliseconds (like `Date.now()`). */
	now: number;
	/** Defaults to {@link TIMESTAMP_TOLERANCE_SECONDS}. */
	toleranceSeconds?: number;
}

export type ParsedSecret = { ok: true; key: Buffer } | { ok: false; message: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** Decodes `whsec_<base64>` (or bare base64) into the HMAC key; refuses anything that is not canonical base64. */
export function parseSigningSecret(secret: string): ParsedSecret {
	const trimmed = secret.trim();
	const encoded = trimmed.startsWith(SECRET_PREFIX) ? trimmed.slice(SECRET_PREFIX.length) : trimmed;
	if (encoded === '') {
		return { ok: false, message: 'The signing secret is empty' };
	}
	if (!BASE64.test(encoded)) {
		return {
			ok: false,
			message: 'The signing secret must be "whsec_" followed by base64 text (A–Z, a–z, 0–9, +, /)',
		};
	}
	const key = Buffer.from(encoded, 'base64');
	// Node's decoder silently skips what it cannot use: re-encoding shows whether every character counted.
	if (
		key.length === 0 ||
		key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')
	) {
		return { ok: false, message: 'The signing secret is not valid base64 after "whsec_"' };
	}
	return { ok: true, key };
}

/** The `v1,<base64>` signature of one delivery (what Loops puts in `webhook-signature`). */
export function computeSignature(
	key: Buffer,
	id: string,
	timestamp: string,
	rawBody: Buffer | string,
): string {
	const hmac = createHmac('sha256', key);
	hmac.update(`${id}.${timestamp}.`);
	hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
	return `v1,${hmac.digest('base64')}`;
}

/** The base64 parts of the `v1` entries of a `webhook-signature` header; other versions and malformed entries are skipped. */
export function parseSignatureHeader(header: string): string[] {
	const signatures: string[] = [];
	for (const entry of header.split(/\s+/)) {
		const comma = entry.indexOf(',');
		if (comma <= 0) continue;
		if (entry.slice(0, comma) !== 'v1') continue;
		const signature = entry.slice(comma + 1);
		if (signature !== '') signatures.push(signature);
	}
	return signatures;
}

function fail(reason: SignatureFailureReason, message: string): SignatureVerification {
	return { ok: false, reason, message };
}

/**
 * Verifies one Loops delivery; pure (the clock is an input). The checks run in this order: headers present,
 * secret usable, timestamp inside the window, a `v1` signature matching (constant-time). Whether the delivery was
 * already accepted is the trigger's question (replay.ts), asked only of a verified delivery.
 */
export function verifyLoopsSignature(input: VerifyLoopsSignatureInput): SignatureVerification {
	const { id, timestamp, signatureHeader, rawBody, now } = input;
	const tolerance = input.toleranceSeconds ?? TIMESTAMP_TOLERANCE_SECONDS;

	if (!id || !timestamp || !signatureHeader) {
		const missing = [
			!id && 'webhook-id',
			!timestamp && 'webhook-timestamp',
			!signatureHeader && 'webhook-signature',
		].filter(Boolean);
		return fail('missing-headers', `Missing header(s): ${missing.join(', ')}`);
	}

	const secret = parseSigningSecret(input.secret);
	if (!secret.ok) return fail('invalid-secret', secret.message);

	if (!UNIX_SECONDS.test(timestamp)) {
		return fail('invalid-timestamp', 'webhook-timestamp is not a Unix time in seconds');
	}
	const sentAt = Number(timestamp);
	const nowSeconds = Math.floor(now / 1000);
	if (nowSeconds - sentAt > tolerance) {
		return fail('stale-timestamp', `webhook-timestamp is more than ${tolerance} seconds old`);
	}
	if (sentAt - nowSeconds > tolerance) {
		return fail('future-timestamp', `webhook-timestamp is more than ${tolerance} seconds ahead`);
	}

	const expected = Buffer.from(
		computeSignature(secret.key, id, timestamp, rawBody).slice(3),
		'utf8',
	);
	let matched = false;
	for (const candidate of parseSignatureHeader(signatureHeader)) {
		const given = Buffer.from(candidate, 'utf8');
		// timingSafeEqual needs equal lengths; a signature's length is public (always 44 base64 characters).
		if (given.length === expected.length && timingSafeEqual(given, expected)) {
			matched = true;
		}
	}
	if (!matched) {
		return fail(
			'no-matching-signature',
			'No v1 signature in webhook-signature matches the signing secret',
		);
	}

	return { ok: true };
}
