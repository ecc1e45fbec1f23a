/**
 * Every Script Property the add-on reads or writes (CONTRACT section 6 and its own keys), in one
 * place: a key is never spelled anywhere else.
 */

export const KEYS = {
  coingateToken: "COINGATE_API_TOKEN",
  coingateEnvironment: "COINGATE_ENVIRONMENT",
  coingateLedgerAccount: "COINGATE_LEDGER_ACCOUNT_ID",
  coingateExchange: "COINGATE_EXCHANGE",
  gatepayClientId: "GATEPAY_CLIENT_ID",
  gatepaySecret: "GATEPAY_API_SECRET",
  gatepayBaseUrl: "GATEPAY_BASE_URL",
  callbackToken: "CALLBACK_TOKEN",
  webAppUrl: "WEB_APP_URL",
  // Controls (CONTRACT section 7).
  admins: "ADMINS",
  payers: "PAYERS",
  approvers: "APPROVERS",
  approvalsRequired: "APPROVALS_REQUIRED",
  secondApprovalAbove: "SECOND_APPROVAL_ABOVE",
  approvalExpiresHours: "APPROVAL_EXPIRES_HOURS",
  limitPerRow: "LIMIT_PER_ROW",
  limitPerDay: "LIMIT_PER_DAY",
  newAddressCoolOffHours: "NEW_ADDRESS_COOLOFF_HOURS",
  /** Who froze payouts and when (JSON); absent: not frozen. */
  frozen: "PAYOUTS_FROZEN",
  /** What the Address book sheet shows (a short signature): rewritten only when it changes. */
  addressBookShown: "ADDRESS_BOOK_SHOWN",
  /** The signature of the edit log's newest line (set by the on-edit trigger). */
  editsLast: "EDITS_LAST",
  /** The EDITS_LAST the last run that read the edit log read it up to: equal, no need to read. */
  editsSeen: "EDITS_SEEN",
  /** A policy change one admin made, waiting for another's confirmation (JSON). */
  pendingPolicy: "PENDING_POLICY",
  /** Input cells highlighted because they changed since an approval (JSON, by Payout ID). */
  approvalHighlights: "APPROVAL_HIGHLIGHTS",
  // Keys this add-on adds beyond the contract.
  gatepayMaxBatch: "GATEPAY_MAX_BATCH_SIZE",
  gatepayFeeMode: "GATEPAY_DEFAULT_FEE_MODE",
  autoRefreshMinutes: "AUTO_REFRESH_MINUTES",
  staleAfterHours: "STALE_AFTER_HOURS",
  lastRefreshAt: "LAST_REFRESH_AT",
  openRows: "OPEN_ROWS",
  callbacksAppliedThrough: "CALLBACKS_APPLIED_THROUGH",
  // The Audit log's hash chain (app/audit): how many entries it has and the last one's hash.
  auditEntries: "AUDIT_ENTRIES",
  auditHead: "AUDIT_HEAD",
  /** "<entries> <hash> <record seq>" while a write is under way: a run that dies is settled. */
  auditWriting: "AUDIT_WRITING",
  /** Entries of a run that could not get the lock to write them: the next write takes them. */
  auditWaiting: "AUDIT_WAITING",
  /** The last record entry told in the Audit log (one told by a run that died is told later). */
  auditRecordThrough: "AUDIT_RECORD_THROUGH",
  /** Record entries doPost made and left for the next run to tell, and for whom (JSON). */
  auditDeferred: "AUDIT_DEFERRED",
  // Notifications (app/audit/notify): who is told, and what was told already.
  notifyEmails: "NOTIFY_EMAILS",
  /** FAILED and REJECTED payouts no run has e-mailed yet (a callback, the quota). */
  notifyPending: "NOTIFY_PENDING",
  /** Rows submitted up to this time were e-mailed when they got stuck. */
  notifiedStuckThrough: "NOTIFIED_STUCK_THROUGH",
  digestLastAt: "DIGEST_LAST_AT",
  /** Outcomes doPost reached, by the stored row's check, for the next run to write in the row. */
  callbackOutcomes: "CALLBACK_OUTCOMES",
  coingateRecentRequests: "COINGATE_RECENT_REQUESTS",
  refreshCursor: "REFRESH_CURSOR",
  autoRefreshInstalledMinutes: "AUTO_REFRESH_INSTALLED_MINUTES",
  // The add-on's own record (app/record): its signing key and how many entries it wrote.
  recordKey: "RECORD_KEY",
  recordEntries: "RECORD_ENTRIES",
  /** "damaged" while the record does not check out: the idle refresh then runs in full. */
  recordState: "RECORD_STATE",
  /** The last record entry every row was written from (a typed-over cell is told from it). */
  renderedThrough: "RENDERED_THROUGH",
  webAppUrlVerified: "WEB_APP_URL_VERIFIED",
  // Reconciliation (app/reconcile): JSON-RPC endpoints (their URLs may hold API keys), token
  // contracts beyond the built-in table, and where a pass that spans executions stands.
  chainRpcUrls: "CHAIN_RPC_URLS",
  chainTokens: "CHAIN_TOKENS",
  reconcileCursor: "RECONCILE_CURSOR",
} as const;

/** Keys whose values are secrets: never in a cell, a log line, an error message or an e-mail. */
export const SECRET_KEYS = [
  KEYS.coingateToken,
  KEYS.gatepaySecret,
  KEYS.callbackToken,
  KEYS.recordKey,
  KEYS.chainRpcUrls,
] as const;

/** Where the time a secret was last set through the sidebar is kept: `<KEY>_SET_AT`. */
export function setAtKey(key: string): string {
  return `${key}_SET_AT`;
}
