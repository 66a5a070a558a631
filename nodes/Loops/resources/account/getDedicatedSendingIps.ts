import type { PostReceiveHook } from '../../shared/postReceive';

/** Loops answers an array of IP address strings: one item `{ ip }` per address. */
export const splitIpAddresses: PostReceiveHook = async function (items) {
	return items.flatMap((item) =>
		Array.isArray(item.json)
			? (item.json as unknown[]).map((ip) => ({ json: { ip: String(ip) } }))
			: [],
	);
};
