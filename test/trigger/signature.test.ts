import { randomBytes } from 'crypto';

import {
	ACCEPTED_ID_MEMORY_MS,
	AcceptedDeliveries,
	deliveryKey,
	MAX_ACCEPTED_IDS,
} from '../../nodes/LoopsTrigger/replay';
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

describe('AcceptedDeliveries (the memory of accepted webhook-ids)', () => {
	const HOUR = 60 * 60 * 1000;

	it('remembers an id for 28 hours after it was accepted, longer than Standard Webhooks senders retry', () => {
		const accepted = new AcceptedDeliveries();
		accepted.remember('a', 0);
		expect(ACCEPTED_ID_MEMORY_MS).toBe(28 * HOUR);
		expect(accepted.has('a', 27 * HOUR + 35 * 60 * 1000)).toBe(true);
		expect(accepted.has('a', 28 * HOUR)).toBe(false);
		expect(accepted.size).toBe(0); // pruned as it goes
	});

	it('holds at most its limit, forgetting the oldest first', () => {
		const accepted = new AcceptedDeliveries(HOUR, 3);
		for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) accepted.remember(key, index);
		expect(accepted.size).toBe(3);
		expect(['a', 'b', 'c', 'd'].map((key) => accepted.has(key, 10))).toEqual([
			false,
			true,
			true,
			true,
		]);
		expect(MAX_ACCEPTED_IDS).toBe(100_000);
	});

	it('keeps ids per signing key: the same id from another Loops account is another delivery', () => {
		const one = Buffer.from(newSecret().slice('whsec_'.length), 'base64');
		const other = Buffer.from(newSecret().slice('whsec_'.length), 'base64');
		expect(deliveryKey(one, 'msg_1')).toBe(deliveryKey(one, 'msg_1'));
		expect(deliveryKey(one, 'msg_1')).not.toBe(deliveryKey(other, 'msg_1'));
		expect(deliveryKey(one, 'msg_1')).not.toBe(deliveryKey(one, 'msg_2'));
	});
});
