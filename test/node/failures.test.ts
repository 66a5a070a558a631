import { describeFailure, mayHaveBeenApplied } from '../../nodes/Loops/shared/errors';

/**
 * Which failures may hide a request Loops applied (its answer, not the request, was lost): those the node then
 * reads a conflict after as possibly its own (lostAnswers.ts). What cannot be told apart is in the README.
 */

const networkError = (code: string, syscall?: string) =>
	describeFailure(Object.assign(new Error(`${syscall ?? 'read'} ${code}`), { code, syscall }));

describe('a failure that may hide an applied request', () => {
	it('is a reset or a timeout once the connection was made, or a 5xx (a gateway answering for Loops)', () => {
		expect(mayHaveBeenApplied(networkError('ECONNRESET'))).toBe(true);
		expect(mayHaveBeenApplied(networkError('ETIMEDOUT', 'read'))).toBe(true);
		expect(mayHaveBeenApplied({ status: 504 })).toBe(true);
		expect(mayHaveBeenApplied({ status: 502 })).toBe(true);
	});

	it('is not a connection that was never made: refused, a name not found, or a connect timeout', () => {
		expect(mayHaveBeenApplied(networkError('ECONNREFUSED', 'connect'))).toBe(false);
		expect(mayHaveBeenApplied(networkError('ETIMEDOUT', 'connect'))).toBe(false);
		expect(mayHaveBeenApplied(networkError('EAI_AGAIN', 'getaddrinfo'))).toBe(false);
	});

	it('is not an answer that says the request was refused: 429 or 4xx', () => {
		expect(mayHaveBeenApplied({ status: 429 })).toBe(false);
		expect(mayHaveBeenApplied({ status: 409 })).toBe(false);
	});
});
