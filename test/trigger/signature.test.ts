import { randomBytes } from 'crypto';

import { ReplayGuard } from '../../nodes/LoopsTrigger/replay';
import {
	computeSignature,
	parseSignatureHeader,
	parseSigningSecret,
	verifyLoopsSignature,
	type VerifyLoopsSignatureInput,
} from '../../nodes/LoopsTrigger/signature';
import { signWebhook } from '../emulator/webhooks';

/** The published Standard Webhooks test vector (also used by the Svix libraries). */
const VECTOR = {
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- public test vector from the Standard Webhooks spec, not a real secret
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: '1614265330',
	body: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const VECTOR_NOW = 1614265330 * 1000;

function newSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

function vectorInput(
	overrides: Partial<VerifyLoopsSignatureInput> = {},
): VerifyLoopsSignatureInput {
	return {
		secret: VECTOR.secret,
		id: VECTOR.id,
		timestamp: VECTOR.timestamp,
		signatureHeader: VECTOR.signature,
		rawBody: VECTOR.body,
		now: VECTOR_NOW,
		...overrides,
	};
}

describe('Standard Webhooks reference vector', () => {
	it('computes the published signature', () => {
		const secret = parseSigningSecret(VECTOR.secret);
		if (!secret.ok) throw new Error(secret.message);
		expect(computeSignature(secret.key, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
			VECTOR.signature,
		);
	});

	it('the test helper signWebhook computes it too', () => {
		expect(signWebhook(VECTOR.secret, VECTOR.id, Number(VECTOR.timestamp), VECTOR.body)).toBe(
			VECTOR.signature,
		);
	});

	it('verifies the published example', () => {
		expect(verifyLoopsSignature(vectorInput())).toEqual({ ok: true });
	});

	it('verifies it from a Buffer body too', () => {
		expect(verifyLoopsSignature(vectorInput({ rawBody: Buffer.from(VECTOR.body) }))).toEqual({
			ok: true,
		});
	});

	it('accepts the secret with or without the whsec_ prefix', () => {
		expect(
			verifyLoopsSignature(vectorInput({ secret: VECTOR.secret.slice('whsec_'.length) })),
		).toEqual({
			ok: true,
		});
		expect(verifyLoopsSignature(vectorInput({ secret: `  ${VECTOR.secret}\n` }))).toEqual({
			ok: true,
		});
	});
});

describe('verifyLoopsSignature rejects', () => {
	it('a tampered body', () => {
		const result = verifyLoopsSignature(vectorInput({ rawBody: '{"test": 2432232315}' }));
		expect(result).toMatchObject({ ok: false, reason: 'no-matching-signature' });
	});

	it('a tampered id or timestamp (both are signed)', () => {
		expect(verifyLoopsSignature(vectorInput({ id: 'msg_other' }))).toMatchObject({
			ok: false,
			reason: 'no-matching-signature',
		});
		expect(
			verifyLoopsSignature(vectorInput({ timestamp: '1614265331', now: VECTOR_NOW })),
		).toMatchObject({ ok: false, reason: 'no-matching-signature' });
	});

	it('a wrong secret', () => {
		const result = verifyLoopsSignature(vectorInput({ secret: newSecret() }));
		expect(result).toMatchObject({ ok: false, reason: 'no-matching-signature' });
	});

	it('a timestamp more than 5 minutes old, and accepts one exactly 5 minutes old', () => {
		expect(verifyLoopsSignature(vectorInput({ now: VECTOR_NOW + 301_000 }))).toMatchObject({
			ok: false,
			reason: 'stale-timestamp',
		});
		expect(verifyLoopsSignature(vectorInput({ now: VECTOR_NOW + 300_000 }))).toEqual({ ok: true });
	});

	it('a timestamp more than 5 minutes ahead, and accepts one exactly 5 minutes ahead', () => {
		expect(verifyLoopsSignature(vectorInput({ now: VECTOR_NOW - 301_000 }))).toMatchObject({
			ok: false,
			reason: 'future-timestamp',
		});
		expect(verifyLoopsSignature(vectorInput({ now: VECTOR_NOW - 300_000 }))).toEqual({ ok: true });
	});

	it('a timestamp that is not Unix seconds', () => {
		for (const timestamp of ['1614265330.0', 'abc', '-1614265330', '1614265330000000']) {
			expect(verifyLoopsSignature(vectorInput({ timestamp }))).toMatchObject({
				ok: false,
				reason: 'invalid-timestamp',
			});
		}
	});

	it('missing headers, naming them', () => {
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: undefined }))).toEqual({
			ok: false,
			reason: 'missing-headers',
			message: 'Missing header(s): webhook-signature',
		});
		expect(verifyLoopsSignature(vectorInput({ id: '', timestamp: undefined }))).toEqual({
			ok: false,
			reason: 'missing-headers',
			message: 'Missing header(s): webhook-id, webhook-timestamp',
		});
	});

	it('a secret that is not base64', () => {
		for (const secret of ['whsec_', 'whsec_not base64!', 'whsec_abcde', '']) {
			expect(verifyLoopsSignature(vectorInput({ secret }))).toMatchObject({
				ok: false,
				reason: 'invalid-secret',
			});
		}
	});
});

describe('signature header', () => {
	const good = VECTOR.signature;
	const wrong = 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

	it('accepts several space-separated signatures when one matches', () => {
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: `${wrong} ${good}` }))).toEqual({
			ok: true,
		});
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: `${good} ${wrong}` }))).toEqual({
			ok: true,
		});
		const otherKey = signWebhook(newSecret(), VECTOR.id, VECTOR.timestamp, VECTOR.body);
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: `${otherKey}  ${good}` }))).toEqual({
			ok: true,
		});
	});

	it('rejects a header where no signature matches', () => {
		const otherKey = signWebhook(newSecret(), VECTOR.id, VECTOR.timestamp, VECTOR.body);
		expect(
			verifyLoopsSignature(vectorInput({ signatureHeader: `${wrong} ${otherKey}` })),
		).toMatchObject({
			ok: false,
			reason: 'no-matching-signature',
		});
	});

	it('ignores v1a (asymmetric) and other versions, even carrying the right value', () => {
		const value = good.slice('v1,'.length);
		for (const header of [`v1a,${value}`, `v2,${value}`, `V1,${value}`, value]) {
			expect(verifyLoopsSignature(vectorInput({ signatureHeader: header }))).toMatchObject({
				ok: false,
				reason: 'no-matching-signature',
			});
		}
	});

	it('skips malformed entries and still finds the matching one', () => {
		const header = `garbage ,abc v1, v1a,xyz ${good}`;
		expect(parseSignatureHeader(header)).toEqual([good.slice(3)]);
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: header }))).toEqual({ ok: true });
	});

	it('rejects a truncated or padded signature', () => {
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: good.slice(0, -1) }))).toMatchObject(
			{
				ok: false,
			},
		);
		expect(verifyLoopsSignature(vectorInput({ signatureHeader: `${good}A` }))).toMatchObject({
			ok: false,
		});
	});
});

describe('replay protection', () => {
	it('rejects an id already accepted within the window', () => {
		const guard = new ReplayGuard();
		expect(verifyLoopsSignature(vectorInput({ replayGuard: guard }))).toEqual({ ok: true });
		expect(
			verifyLoopsSignature(vectorInput({ replayGuard: guard, now: VECTOR_NOW + 60_000 })),
		).toEqual({
			ok: false,
			reason: 'replayed',
			message: `webhook-id ${VECTOR.id} was already accepted`,
		});
	});

	it('rejects the same id with a fresh timestamp and valid signature (a resend) as a replay', () => {
		const guard = new ReplayGuard();
		const secret = newSecret();
		const now = 1_700_000_000_000;
		const first = String(now / 1000);
		const second = String(now / 1000 + 30);
		const body = '{"eventName":"email.clicked"}';
		const sign = (timestamp: string) => ({
			secret,
			id: 'msg_1',
			timestamp,
			signatureHeader: signWebhook(secret, 'msg_1', timestamp, body),
			rawBody: body,
			replayGuard: guard,
		});
		expect(verifyLoopsSignature({ ...sign(first), now })).toEqual({ ok: true });
		expect(verifyLoopsSignature({ ...sign(second), now: now + 30_000 })).toMatchObject({
			ok: false,
			reason: 'replayed',
		});
	});

	it('does not remember ids of deliveries that failed', () => {
		const guard = new ReplayGuard();
		expect(
			verifyLoopsSignature(vectorInput({ replayGuard: guard, signatureHeader: 'v1,forged' })),
		).toMatchObject({ ok: false, reason: 'no-matching-signature' });
		expect(guard.size).toBe(0);
		expect(verifyLoopsSignature(vectorInput({ replayGuard: guard }))).toEqual({ ok: true });
		expect(guard.size).toBe(1);
	});

	it('keeps ids per secret: the same id from another account is not a replay', () => {
		const guard = new ReplayGuard();
		const other = newSecret();
		expect(verifyLoopsSignature(vectorInput({ replayGuard: guard }))).toEqual({ ok: true });
		expect(
			verifyLoopsSignature(
				vectorInput({
					replayGuard: guard,
					secret: other,
					signatureHeader: signWebhook(other, VECTOR.id, VECTOR.timestamp, VECTOR.body),
				}),
			),
		).toEqual({ ok: true });
	});

	it('forgets ids once their timestamp has left the window, after which the timestamp check rejects a replay', () => {
		const guard = new ReplayGuard();
		expect(verifyLoopsSignature(vectorInput({ replayGuard: guard }))).toEqual({ ok: true });
		expect(guard.size).toBe(1);
		const later = VECTOR_NOW + 301_000;
		expect(verifyLoopsSignature(vectorInput({ replayGuard: guard, now: later }))).toMatchObject({
			ok: false,
			reason: 'stale-timestamp',
		});
		// Any use of the guard prunes what has expired.
		guard.remember('other', later + 1000, later);
		expect(guard.size).toBe(1);
	});
});

describe('ReplayGuard', () => {
	it('expires entries at their expiry time and prunes them as it goes', () => {
		const guard = new ReplayGuard();
		guard.remember('a', 1_000, 0);
		guard.remember('b', 2_000, 0);
		expect(guard.has('a', 999)).toBe(true);
		expect(guard.has('a', 1_000)).toBe(false);
		expect(guard.size).toBe(1);
		expect(guard.has('b', 1_500)).toBe(true);
		guard.remember('c', 5_000, 2_000);
		expect(guard.size).toBe(1);
		expect(guard.has('c', 2_000)).toBe(true);
	});
});
