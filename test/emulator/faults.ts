import { randomInt } from 'node:crypto';

import type { FaultKind, FaultOptions } from './types';

/** mulberry32: a small, fast, deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function share(name: string, value: number | undefined): number {
	const v = value ?? 0;
	if (!Number.isFinite(v) || v < 0 || v > 1)
		throw new RangeError(`FaultOptions.${name} must be between 0 and 1, got ${v}`);
	return v;
}

/** Decides, per authenticated request, whether to inject a fault. */
export class FaultInjector {
	readonly options: Readonly<FaultOptions>;
	private readonly rate429: number;
	private readonly rate500: number;
	private readonly dropRate: number;
	private readonly random: () => number;

	constructor(options: FaultOptions) {
		this.rate429 = share('rate429', options.rate429);
		this.rate500 = share('rate500', options.rate500);
		this.dropRate = share('dropRate', options.dropRate);
		if (this.rate429 + this.rate500 + this.dropRate > 1 + 1e-9) {
			throw new RangeError('FaultOptions: rate429 + rate500 + dropRate must not exceed 1');
		}
		const seed = options.seed ?? randomInt(0, 2 ** 32 - 1);
		this.options = Object.freeze({ ...options, seed });
		this.random = mulberry32(seed);
	}

	/** Whether any fault can happen at all. */
	get active(): boolean {
		return this.rate429 + this.rate500 + this.dropRate > 0;
	}

	/** One draw per authenticated request: the fault to inject, or undefined. */
	next(): FaultKind | undefined {
		const r = this.random();
		if (r < this.rate429) return '429';
		if (r < this.rate429 + this.rate500) return '500';
		if (r < this.rate429 + this.rate500 + this.dropRate) return 'drop';
		return undefined;
	}
}
