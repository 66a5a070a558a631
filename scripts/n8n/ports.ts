/**
 * Free TCP ports on 127.0.0.1 for the servers the scripts start (n8n, its task broker, a worker's health check,
 * Redis, PostgreSQL). get-port asks the OS for one and keeps each port it handed out from being handed out again by
 * this process for a while: two ports asked for one after the other (n8n's and its broker's) are never the same.
 * get-port 5 is the last line published as CommonJS.
 */
import getPort from 'get-port';

/** A free TCP port on 127.0.0.1 (asked of the OS just now). */
export async function freePort(): Promise<number> {
	return await getPort({ host: '127.0.0.1' });
}
