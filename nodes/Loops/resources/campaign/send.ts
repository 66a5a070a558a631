import type { IDataObject, INodeProperties, PreSendAction } from 'n8n-workflow';

import { invalidInput } from '../../shared/errors';
import { bodyOf } from '../../shared/preSend';
import { sendPaced, type ItemExecutor } from '../../shared/transport';

const show = { resource: ['campaign'], operation: ['send'] };

export const campaignSendDescription: INodeProperties[] = [
	{
		displayName:
			'This sends the campaign to every contact of its audience, now or at Scheduled At. Check it first with Email Message → Send Preview and Check Content.',
		name: 'sendNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'When',
		name: 'when',
		type: 'options',
		default: 'now',
		description: 'When Loops sends the campaign: at once, or at a time you choose',
		displayOptions: { show },
		options: [
			{ name: 'Now', value: 'now', description: 'Loops starts sending at once' },
			{ name: 'At a Time', value: 'schedule', description: 'Loops sends it at Scheduled At' },
		],
	},
	{
		displayName: 'Scheduled At',
		name: 'scheduledAt',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"When Loops sends the campaign; a date and time in the future (without a time zone, the n8n instance's)",
		displayOptions: { show: { ...show, when: ['schedule'] } },
	},
];

/** preSend: `{ scheduling }`, checked before anything is sent (a schedule time that is a date in the future). */
export const sendScheduling: PreSendAction = async function (requestOptions) {
	if (this.getNodeParameter('when', 'now') !== 'schedule') {
		bodyOf(requestOptions).scheduling = { method: 'now' };
		return requestOptions;
	}
	const value = this.getNodeParameter('scheduledAt', '') as unknown;
	const at =
		typeof value === 'string' && value.trim() !== ''
			? new Date(value)
			: value instanceof Date
				? value
				: undefined;
	if (!at || Number.isNaN(at.getTime())) {
		throw invalidInput(
			this,
			'Scheduled At',
			value === '' || value === undefined || value === null
				? 'a date and time is required to schedule'
				: `${JSON.stringify(value)} is not a date and time`,
		);
	}
	if (at.getTime() <= Date.now()) {
		throw invalidInput(
			this,
			'Scheduled At',
			`${at.toISOString()} is not in the future; choose a later time, or When: Now`,
		);
	}
	bodyOf(requestOptions).scheduling = { method: 'schedule', timestamp: at.toISOString() };
	return requestOptions;
};

const SENT_OR_SCHEDULED = ['Scheduled', 'Sending', 'Sent'];

/**
 * Sends or schedules the campaign (POST /v1/campaigns/{id} with `scheduling`). Loops takes no Idempotency-Key
 * here, so a retry after a lost answer meets "not a draft" (409) for what its own first attempt did: the node then
 * reads the campaign, and where it is sent or scheduled as asked, the item succeeds, marked `alreadyApplied`. A
 * campaign that was sent or scheduled before the run stays an error, saying so.
 */
export const sendCampaign: ItemExecutor = async function (requestData) {
	const scheduling = (requestData.options.body as IDataObject).scheduling as IDataObject;
	return await sendPaced(this, requestData, {
		step: 'campaign.send',
		ownEffect: {
			statuses: [409],
			confirm: async () => {
				const [read] = await sendPaced(this, {
					...requestData,
					options: { ...requestData.options, method: 'GET', body: undefined },
				});
				const campaign = (read?.json ?? {}) as IDataObject;
				const asked =
					scheduling.method === 'now'
						? campaign.status === 'Sending' || campaign.status === 'Sent'
						: SENT_OR_SCHEDULED.includes(String(campaign.status)) &&
							Date.parse(String((campaign.scheduling as IDataObject)?.timestamp)) ===
								Date.parse(String(scheduling.timestamp));
				return asked ? [{ json: { ...campaign, alreadyApplied: true } }] : undefined;
			},
		},
		explain: (failure) =>
			failure.status === 409
				? `The campaign is not a draft: it was sent or scheduled before (Loops answered 409: ${failure.loopsMessage ?? 'not a draft'}) [item ${this.getItemIndex()}]`
				: undefined,
	});
};
