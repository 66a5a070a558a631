import type { INodeProperties } from 'n8n-workflow';

import { operationsOf } from '../../shared/fields';
import { loopsRoute } from '../../shared/transport';
import { splitIpAddresses } from './getDedicatedSendingIps';

export const accountOperations = operationsOf('account', 'get', [
	{
		name: 'Get',
		value: 'get',
		action: 'Get the account',
		description: 'Check the API key and get the name of the Loops team it belongs to',
		routing: loopsRoute({ method: 'GET', url: '/v1/api-key' }),
	},
	{
		name: 'Get Dedicated Sending IPs',
		value: 'getDedicatedSendingIps',
		action: 'Get the dedicated sending IP addresses of the account',
		description:
			"List the IP addresses of Loops' dedicated sending servers, one item { ip } per address, for the rare mail server that must allow them by address (the list can change and leaves out shared IPs)",
		routing: loopsRoute(
			{ method: 'GET', url: '/v1/dedicated-sending-ips' },
			{ postReceive: [splitIpAddresses] },
		),
	},
]);

export const accountFields: INodeProperties[] = [];
