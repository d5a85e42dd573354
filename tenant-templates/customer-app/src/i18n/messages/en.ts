// English: the reference catalogue. Every key here must be in every other language's catalogue with the same
// placeholders (`i18n.test.ts`); a plural message lists the forms English needs (one, other).

export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;

export const en = {
  // The shell: finding the bank, signing in, the header
  'app.loading': 'Loading…',
  'app.unknownBank.title': 'We could not find this bank',
  'app.unknownBank.body':
    'No bank is registered under {slug}, or it is not open to customers right now. Please check the address your bank gave you.',
  'app.apiDown.title': 'Service temporarily unavailable',
  'app.apiDown.body':
    'We cannot reach the banking service right now. Your data is safe; please try again in a moment.',
  'app.rateLimited.title': 'Please wait a moment',
  'app.rateLimited.wait': {
    one: 'Too many requests — try again in {count} second.',
    other: 'Too many requests — try again in {count} seconds.',
  },
  'app.rateLimited.now': 'You can try again now.',
  'app.rateLimited.button': 'Try again in {count} s',
  'app.tryAgain': 'Try again',
  'app.welcome': 'Welcome to {bank}',
  'app.welcome.body': 'Sign in to see your accounts, insights and offers picked for you.',
  'app.signIn': 'Sign in',
  'app.signIn.opening': 'Opening sign-in…',
  'app.signOut': 'Sign out',
  'app.signedOut': 'You were signed out: {reason}',
  'app.signIn.failed': 'Sign-in could not start: {reason}',
  'app.stepUp.title': 'Confirm it is you',
  'app.stepUp.body':
    'This needs a recent one-time code from your authenticator app. Confirm it is you and you will come back here.',
  'app.stepUp.button': 'Confirm with one-time code',
  'app.stepUp.failed': 'The confirmation could not start: {reason}',
  'app.nav.label': 'Menu',
  'app.nav.privacy': 'Privacy & consents',
  'app.nav.overview': 'Overview',
  'app.language': 'Language',
  'app.request': '{message} (request {requestId})',
  'app.connected': 'Your account is connected; its transactions appear after the first sync.',
  'app.connectionRefused': 'The bank did not authorise the connection. You can try again.',
  'app.connectionFailed': 'The account could not be connected: {reason}',
  'greeting.morning': 'Good morning',
  'greeting.afternoon': 'Good afternoon',
  'greeting.evening': 'Good evening',
  'greeting.named': '{greeting}, {name}',

  // Dashboard navigation and the panels' shared states
  'dashboard.label': 'Dashboard',
  'dashboard.overview': 'Overview',
  'dashboard.spending': 'Spending',
  'dashboard.forYou': 'For you',
  'dashboard.moneyTools': 'Budgets & goals',
  'dashboard.rules': 'Rules',
  'panel.loading': 'Loading {title}',
  'panel.failed': '{title} could not be loaded: {message}',
  'panel.needsConsent': 'Connect an account under Overview once your consent is given.',
  'categories.failed': 'The categories did not load, so budgets and rules cannot offer them yet: {message}',

  // Privacy & consents
  'privacy.title': 'Privacy & consents',
  'privacy.none': 'You have not given any consent yet.',
  'privacy.purpose': 'Purpose',
  'privacy.status': 'Status',
  'privacy.given': 'Given',
  'privacy.until': 'Until',
  'privacy.textVersion': 'Text version',
  'privacy.renew': 'Renew',
  'privacy.revoke': 'Revoke',
  'privacy.give': 'Give a consent',
  'privacy.giveConsent': 'Give consent',
  'privacy.versionOf': 'Text version {version}',
  'privacy.saving': 'Saving…',
  'privacy.cancel': 'Cancel',
  'privacy.agree': 'I agree',
  'privacy.revokeTitle': 'Revoke “{purpose}”?',
  'privacy.revokeBody': 'Processing under this consent stops at once. You can give it again later.',
  'privacy.purpose.AGGREGATION': 'Connected accounts',
  'privacy.purpose.PERSONALISATION': 'Personal insights',
  'privacy.purpose.MARKETING': 'Offers',
  'privacy.purpose.ANALYTICS': 'Product improvement',
  'privacy.status.GRANTED': 'Active',
  'privacy.status.REVOKED': 'Revoked',
  'privacy.status.EXPIRED': 'Expired',
  'privacy.status.ended': 'Ended',
  'privacy.ended': 'ended {date}',
  'privacy.renewBy': 'renew by {date}',
  'privacy.untilDate': 'until {date}',
  'privacy.untilRevoked': 'until you revoke it',
  'privacy.renewal.STRONG_AUTHENTICATION': 'Renewing asks for your one-time code.',
  'privacy.renewal.RECONFIRMATION': 'Renewing confirms you still agree.',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, Message>;
