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
	DEFAULT_CONTACT_PROPERTIES,
	DEFAULT_RATE_LIMIT,
	DEFAULT_TEAM_NAME,
	PASSWORD_RESET_TRANSACTIONAL_ID,
	DEFAULT_TRANSACTIONAL_GROUP_ID,
	RESERVED_PROPERTY_NAMES,
	SEED_AUDIENCE_SEGMENTS,
	SEED_CUSTOM_PROPERTIES,
	SEED_DEDICATED_SENDING_IPS,
	SEED_EVENT_PATTERNS,
	SEED_MAILING_LISTS,
	SEED_TRANSACTIONAL_EMAILS,
} from './seed';
export { CONTENT_API_UNAUTHORIZED, transactionalResource } from './api';
export type {
	AccountSeed,
	AppliedEvent,
	AppliedTransactional,
	Attachment,
	AudienceFilter,
	AudienceSegment,
	ContactProperty,
	ContactSeed,
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
