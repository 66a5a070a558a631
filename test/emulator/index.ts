export { LoopsEmulator } from './server';
export { AccountState, IDEMPOTENCY_TTL_MS, newId } from './state';
export { FaultInjector, mulberry32 } from './faults';
export {
	formatReceived,
	mostInAnySecond,
	receivedRequests,
	type ReceivedRequest,
} from './received';
export { NetworkModel, roundTrip, type NetworkDelays } from './network';
export {
	DEFAULT_API_KEY,
	DEFAULT_CAMPAIGN_GROUP_ID,
	DEFAULT_CONTACT_PROPERTIES,
	DEFAULT_RATE_LIMIT,
	DEFAULT_TEAM_NAME,
	PASSWORD_RESET_TRANSACTIONAL_ID,
	DEFAULT_TRANSACTIONAL_GROUP_ID,
	RESERVED_PROPERTY_NAMES,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CAMPAIGN_GROUPS,
	SEED_CUSTOM_PROPERTIES,
	SEED_DEDICATED_SENDING_IPS,
	SEED_EVENT_PATTERNS,
	SEED_MAILING_LISTS,
	SEED_FROM_EMAIL,
	SEED_TRANSACTIONAL_EMAILS,
	SEED_TRANSACTIONAL_GROUPS,
} from './seed';
export { CONTENT_API_UNAUTHORIZED } from './api';
export {
	campaignResource,
	DAILY_PREVIEW_LIMIT,
	emailMessageResource,
	MAX_LMX_BYTES,
	METRICS_API_UNAUTHORIZED,
	transactionalResource,
} from './content';
export { findEmailMessage, type MetricsKind } from './contentState';
export {
	contentVariables,
	guardianReport,
	type GuardianReport,
	type GuardianRule,
} from './guardian';
export { lmxErrors } from './lmx';
export type {
	AccountSeed,
	AppliedEvent,
	AppliedTransactional,
	Attachment,
	AudienceFilter,
	AudienceSegment,
	Campaign,
	CampaignScheduling,
	CampaignSeed,
	CampaignStatus,
	ContactProperty,
	ContactSeed,
	ContentGroup,
	EmailMessage,
	EmailMessageContent,
	EmailMetrics,
	EmailPreview,
	EmulatorOptions,
	EventPattern,
	FaultKind,
	FaultOptions,
	LoopsContact,
	MailingList,
	NetworkOptions,
	PropertyType,
	RecordedRequest,
	TransactionalEmail,
} from './types';
