
## The administrators' console.

page-console-settings = Settings
page-settings-portal-name = Portal name
page-settings-default-language = Default language
page-settings-default-language-hint = Pages for people whose browser asks for none of the portal's languages, and invitations whose sender chooses none. Everyone can switch at the foot of every page; each invitation can be sent in its own language.
page-console-invitations = Invitations
page-settings-internal-may-invite = Internal users may send invitations (a user's own allow/deny wins)
page-settings-new-user-setting = New internal users start with
page-settings-inherit = inherit (follow the switch above)
page-settings-allow = allow
page-settings-deny = deny
page-settings-renewal = The page of an expired invitation link
page-settings-renewal-ask = offers to ask the inviter for a new link
page-settings-renewal-automatic = offers a new link at once (once per invitee)
page-settings-renewal-off = offers nothing
page-settings-max-recipients = Most recipients per invitation
page-settings-allowed-domains = Only these recipient domains (one per line; empty: any)
page-settings-denied-domains = Never these recipient domains (one per line)
page-settings-own-domains = The organisation's own mail domains (one per line)
page-settings-own-domains-hint = With Active Directory configured, an address in these domains that the directory does not know is refused, unless allowed below.
page-settings-allow-unknown = Invite such unknown addresses as outside people
page-settings-group-patterns = Group addresses (one per line)
page-settings-group-patterns-hint = Addresses that reach a group or distribution list, where everyone would share one link: a name followed by @ (all@ or team-*@, in any domain) or a whole address with * (list-*@example.org). The form asks before sending to one; with Active Directory, its groups count too.
page-settings-link-lifetime = Activation link lifetime (days)
page-settings-other-options = Other delivery options
page-settings-notify-created = Notify me when the account is created
page-settings-link-only = Link-only invitations
page-settings-link-only-hint = No email goes out: after Send, the sender sees each invitee's link once and passes it on through their own mail. Whoever holds a link can create the account, so offer this only to senders you trust with their invitees' mailboxes. Link-only invitations carry no files, send no copy and are never reminded.
page-settings-link-only-option = Show me the links instead of emailing them
page-settings-quotas = Quotas (0: no limit)
page-settings-quotas-hint = How much one person may send. Recipients in 24 hours count invitations and files alike; invitations waiting count those invited who have not created their account while the link works. A user's own quota (Users) overrides these.
page-settings-quota-internal-per-day = Staff: recipients in 24 hours
page-settings-quota-internal-pending = Staff: invitations waiting at once
page-settings-quota-external-per-day = Drop-Off accounts: recipients of files in 24 hours
page-settings-reminders = Reminders
page-settings-reminders-hint = Invitees who have not created their account are reminded, each time with a further link of their own that ends with the first. Senders may switch reminders off for an invitation unless locked.
page-settings-reminder-at = When, in percent of the link's life (at most two; empty: no reminders, not even those already planned)
page-settings-attachment-lifetime = Attachment lifetime (days)
page-settings-downloads-per-file = Downloads per file
page-settings-max-file = Largest file (MiB)
page-settings-max-total = Largest total per message (MiB)
page-settings-max-files = Most files per message
page-settings-blocked-extensions = Refused file extensions (separated by spaces)
page-settings-download-requires-account = Recipients must create their account and sign in before downloading
page-settings-dropoff-to-anyone = Drop-Off accounts may send files to anyone (otherwise only to staff)
page-settings-accounts = Accounts
page-settings-approval = New accounts wait for an administrator's approval
page-settings-expire-inactive = Disable Drop-Off accounts unused for this many days (0: never)
page-settings-warn-days = Warn Drop-Off accounts by email this many days before (0: no warning)
page-settings-sponsor-left = When a guest's sponsor leaves (disabled, deleted, or gone from the directory)
page-settings-sponsor-left-review = Keep the guest, without a sponsor, for an administrator to hand over
page-settings-sponsor-left-disable = Disable the guest
page-settings-password-min = Minimum password length
page-settings-password-upper = Passwords need an upper-case letter
page-settings-password-lower = … a lower-case letter
page-settings-password-digit = … a digit
page-settings-password-symbol = … a symbol
page-settings-password-common = Refuse common passwords
page-settings-two-factor-admins = Administrators must use two-factor sign-in for the console
page-settings-two-factor-staff = Staff accounts
page-settings-two-factor-dropoff = Drop-Off accounts
page-settings-two-factor-hint = Required: people enrol at their next sign-in (a new Drop-Off account right after activation) and reach nothing else until they have.
page-settings-token-default = Days a new API token works, unless its owner picks fewer
page-settings-token-max = Longest lifetime an owner may pick, in days
page-settings-save = Save settings
page-settings-rule-offered = Offered to senders
page-settings-rule-locked = Locked to the default
page-settings-rule-default = Default
page-settings-rule-min = Minimum
page-settings-rule-max = Maximum
page-settings-option-offered = “{ $option }” offered
page-settings-option-on-by-default = … on by default
page-settings-option-locked = … locked to the default
page-settings-two-factor-off = Off
page-settings-two-factor-optional = Optional: each person chooses
page-settings-two-factor-required = Required
page-settings-unchanged = Nothing changed.
page-settings-saved-changes = { $count ->
    [one] Settings saved: { $count } change, recorded in the audit log.
   *[other] Settings saved: { $count } changes, recorded in the audit log.
}
page-console-title = Administration
page-console-users = Users
page-console-templates = Templates
page-console-report = Report
page-console-webhooks = Webhooks
page-console-audit = Audit log
page-console-sign-in-title = Administration sign in
page-console-sign-in-email = Administrator email address
page-console-sign-in-button = Sign in to administration
form-console-sign-in-invalid = invalid administrator credentials
page-console-pending = { $count ->
    [one] { $count } account waiting for approval
   *[other] { $count } accounts waiting for approval
}
page-console-pending-many = { $count } or more accounts waiting for approval
page-console-none-pending = No account is waiting for approval.
page-console-unsponsored = { $count ->
    [one] { $count } Drop-Off account has no sponsor
   *[other] { $count } Drop-Off accounts have no sponsor
}
page-console-unsponsored-how = Their sponsor left: give each a new one, or disable it.
page-console-storage-title = Storage
page-console-storage = { $count ->
    [one] { $count } file attached to messages
   *[other] { $count } files attached to messages
}, { $size } in total; the attachment store holds { $disk }. Expired files are deleted automatically.

## Users.

page-users-search = Search by address or name
page-users-kind = Kind
page-users-any = any
page-users-kind-staff = staff
page-users-kind-dropoff = Drop-Off
page-users-kind-admin = administrator
page-users-status-active = active
page-users-status-pending = waiting for approval
page-users-status-disabled = disabled
page-users-guests-of = Guests of (a sponsor's address, or "none")
page-users-search-button = Search
page-users-user = User
page-users-last-used = Last used
page-users-invitations-or-sponsor = Invitations or sponsor
page-users-sponsor = Sponsor: { $sponsor }
page-users-no-sponsor = No sponsor
page-users-new-sponsor-of = New sponsor of { $email } (a staff member's address)
page-users-staff-address = staff address
page-users-set-sponsor = Set sponsor
page-users-permission-of = Invitation permission of { $email }
page-users-set = Set
page-users-may-invite = effective: may invite
page-users-may-not-invite = effective: may not invite
page-users-approve = Approve
page-users-reject-action = Reject
page-users-enable = Enable
page-users-disable-action = Disable
page-users-reset-action = Reset two-factor
page-users-quota-day = A day
page-users-quota-waiting = Waiting
page-users-set-quota = Set quota
page-users-usual-quota = usual: { $day } a day, { $waiting } waiting; both empty: the usual
page-users-no-limit = no limit
page-users-none = No users match.
page-users-first-page = First page
page-users-next-page = Next page
page-users-never = never signed in
page-users-deleted = (deleted)
page-users-no-such-address = Nobody has the address “{ $text }”: every user is shown.
page-users-not-an-address = “{ $text }” is not an address (or “none”): every user is shown.
page-users-no-such-kind = There is no kind “{ $text }”: every kind is shown.
page-users-no-such-status = There is no status “{ $text }”: every status is shown.
page-users-two-factor-reset = Two-factor sign-in was reset and the person's sessions ended: they sign in with the password alone, and set it up again (at once, where it is required).
page-users-approved = Approved: the account can sign in now.
page-users-rejected = Rejected: the account is disabled and cannot sign in.
page-users-enabled = Enabled: the account can sign in again.
page-users-disabled = Disabled: the account cannot sign in, and its sessions have ended.
page-users-permission-saved = The invitation permission was saved.
page-users-sponsor-saved = The sponsor was saved; they now answer for this guest.
page-users-quota-saved = The quota was saved.
page-users-reject-title = Reject this account?
page-users-reject = Reject the account of { $who }?
page-users-reject-consequence = The account is refused: it is disabled and cannot sign in. An administrator can enable it later.
page-users-reject-button = Reject the account
page-users-disable-title = Disable this account?
page-users-disable = Disable the account of { $who }?
page-users-disable-consequence = The account cannot sign in, its sessions end at once, and its API tokens stop working. It can be enabled again.
page-users-disable-button = Disable the account
page-users-reset-title = Reset two-factor sign-in?
page-users-reset = Reset two-factor sign-in of { $who }?
page-users-reset-consequence = Do this for someone who lost their device, after making sure it is them. Their authenticator and recovery codes stop working; they sign in with their password alone, and set two-factor sign-in up again (at once, where it is required).
page-users-reset-button = Reset two-factor sign-in

## The audit log and the invitation report.

page-console-export = Export as CSV
page-audit-filter = Filter (actor, action, subject or details contain)
page-audit-action-is = Action is
page-audit-actor = Actor
page-audit-action = Action
page-audit-subject = Subject
page-audit-none = No entries match.
page-audit-newest = Newest entries
page-audit-older = Older entries
page-report-title = Invitation report
page-report-hint = What became of the people invited in a period (invitations, not files), as of now. Time to accept runs from the invitation to the account. A link counts as opened the first time its page was shown; some mail systems open links to check them.
page-report-first-day-label = First day
page-report-last-day-label = Last day
page-report-first-day = first day
page-report-last-day = last day
page-report-group-by = Group by
page-report-inviter = Inviter
page-report-month = Month
page-report-week = Week
page-report-show = Show
page-report-period = Period
page-report-group = Group
page-report-invited = Invited
page-report-opened = Opened
page-report-accepted = Accepted
page-report-acceptance = Acceptance
page-report-median = Median time to accept
page-report-waiting = Waiting
page-report-expired = Expired
page-report-revoked = Revoked
page-report-bounced = Bounced
page-report-all = All
page-report-nobody = Nobody was invited in this period.
page-report-percent = { $value } %
page-report-minutes = { $minutes } min
page-report-hours = { $hours } h { $minutes } min
page-report-days = { $days } d { $hours } h
form-report-date = { $field }: enter a date as YYYY-MM-DD
form-report-group-by = group by: inviter, month or week
form-report-last-day-too-late = last day: choose a date before 9999-12-31
form-report-period = choose a period of 1 to 366 days, the first day before the last

## Webhooks.

page-webhooks-intro = Tools of your organisation are told of each step of every invitee's history as it happens: an HTTP POST of JSON, signed with the endpoint's secret, retried with a growing wait while the endpoint fails, for up to the delivery worker's give-up time. See the operations guide for how a receiver checks a delivery. The signature header:
page-webhooks-header = Postern-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body">
page-webhooks-secret-of = The secret of { $url }
page-webhooks-copy-now = Copy it into the receiving tool now:
page-webhooks-once = it is shown only this once (Postern keeps it sealed).
page-webhooks-secret = Secret
page-webhooks-none = No endpoint yet.
page-webhooks-endpoint = Endpoint
page-webhooks-events = Events
page-webhooks-last = Last delivery
page-webhooks-remove = Remove
page-webhooks-add = Add an endpoint
page-webhooks-address = Address (https://…)
page-webhooks-add-button = Add the endpoint
page-webhooks-none-yet = none yet
page-webhooks-failed = { $at } · failed: { $outcome }
page-webhooks-failed-since = { $at } · failed: { $outcome } · last success { $success }
page-webhooks-remove-title = Remove this endpoint?
page-webhooks-remove-question = Remove { $url }?
page-webhooks-remove-consequence = Nothing more is delivered to it, including deliveries still waiting.
page-webhooks-removed = The endpoint was removed.

## Templates.

page-template-invitation = Invitation (top part)
page-template-internal-invitation = Invitation to staff (top part)
page-template-subject = Invitation subject
page-template-welcome = Welcome message
page-template-accepted = Invitation accepted
page-template-delivery-failed = Delivery failed
page-template-languages = Languages of this template
page-template-own = your own text
page-template-default-language = none of its own: your { $language } text is used
page-template-builtin = the built-in text
page-template-placeholders = Placeholders:
page-template-text = Text ({ $language })
page-template-preview = Preview
page-template-save = Save template
page-template-remove = Remove your { $language } text
page-template-preview-title = Preview with sample values
page-template-preview-hint = As a recipient reads it in { $language }, in the text and the HTML version of the email alike (the rest of the email — greeting, links, expiry — is added around it, in the same language).
page-template-unknown-title = No such template
page-template-unknown = There is no template called "{ $name }".
page-template-unknown-language = Templates are written in { $languages }; "{ $code }" is none of them.
page-template-saved = { $template } ({ $language }) saved; the next messages use it.
page-template-removed = { $template } ({ $language }): your text is removed; now in use: { $origin }.
form-template-subject = the subject would be invalid: { $reason }
