## The staff member's pages: sending, the lists of what they sent, a recipient's history.

page-back-to-portal = Back to the portal
page-list-and = { $items } and { $last }

page-send-invites-title = Send invitations
page-send-files-title = Send files
page-send-invites-intro = Each recipient gets their own message with a personal, single-use link to create a Drop-Off account. Separate addresses with commas or semicolons.
page-send-files-intro = Each recipient gets their own message with a personal link to download the files. Separate addresses with commas or semicolons.
page-send-dropoff-intro = Send files to people of the organisation. Each recipient gets a personal link to download them.
page-send-not-permitted-title = Invitations are not enabled for you
page-send-not-permitted = Your account may not send invitations. Ask an administrator if you need to.
page-send-default-message = Please click the link below to create your Drop-Off account. With it you can receive the files I send you and send files back to me securely.
page-send-files-default-subject = Files from { $name }
page-send-files-default-message = Here are the files.
page-send-from = From
page-send-to = To
page-send-add-cc = Add CC
page-send-cc = CC
page-send-add-bcc = Add BCC
page-send-bcc = BCC
page-send-bcc-hint = BCC recipients are never shown to anyone else.
page-send-subject = Subject
page-send-subject-hint = (up to 256 characters)
page-send-message = Message
page-send-language = Language of the email
page-send-language-hint = The recipients' email, and the page their link opens, are written in this language (they can switch the page to another).
page-send-files = Files
page-send-files-optional = Optional.
page-send-files-needed = At least one file.
page-send-files-hint = { $need } Up to { $count } files, { $each } each, { $total } in total. Recipients get a personal download link; files are kept on the server, never sent by email.
page-send-groups = Group addresses
page-send-groups-why = These addresses look like groups or distribution lists: everyone on the list would get the same link, and the first to open it would create the account for the whole list:
page-send-groups-how = Invite the people on it one by one, or send to the group all the same.
page-send-existing = Already have an account
page-send-existing-why = These people already have an account on this portal; an invitation would only tell them so:
page-send-existing-how = Remove them from To, CC and BCC, or send to them all the same.
page-send-all-the-same = Send to them all the same
page-send-options = Message delivery options
page-send-link-lifetime = Link lifetime (days, { $min }–{ $max })
page-send-files-lifetime = Files available for (days, { $min }–{ $max })
page-send-download-limit = Downloads per file and recipient ({ $min }–{ $max })
page-send-notify-accept = Notify me when an invitee creates their account
page-send-reminders = Remind invitees who have not created their account
page-send-reminders-hint = Reminders go out after { $percents } of the link's life, each with a further link; any link ends them all once used.
page-send-link-only = Don't email the invitation: show me the links to send myself
page-send-link-only-hint = After Send you see each invitee's link once, to copy into your own message. No copy, no reminders and no files with such an invitation.
page-send-notify-download = Notify me when a recipient first downloads a file
page-send-copy = Send me a copy
page-send-broken-title = The form did not arrive completely
page-send-broken = { $why }. Nothing was sent and no file was kept; please try again.
page-send-invitation-sent = { $count ->
    [one] Your invitation is on its way to { $count } recipient.
   *[other] Your invitation is on its way to { $count } recipients.
}
page-send-files-sent = { $count ->
    [one] Your files are on their way to { $count } recipient.
   *[other] Your files are on their way to { $count } recipients.
}
page-send-replayed = { $count ->
    [one] This form was already sent at { $sent } to { $count } recipient; nothing was sent again.
   *[other] This form was already sent at { $sent } to { $count } recipients; nothing was sent again.
}
form-files-refused = { $reason }; no file was kept, choose the files again
form-files-not-stored = the files could not be stored right now; nothing was sent and no file was kept, try again in a moment
form-files-not-kept = the files you chose ({ $names }) were not kept because of the other problems on this form: choose them again before you send
form-file-blocked = { $name }: files ending in .{ $extension } are not accepted
form-file-too-large = { $name }: larger than the limit of { $limit } MiB per file
form-files-too-large = the files together are larger than the limit of { $limit } MiB
form-files-too-many = at most { $count } files per message
form-has-account = { $address } already has an account on this portal
form-group-address = { $address } looks like a group or distribution list: everyone on it would share one link, and the first to open it would create the account

page-list-title = My invitations
page-list-all-title = All invitations
page-list-invite-a-list = Invite a list
page-list-none = No invitations.
page-list-from = From { $sender }
page-list-sent = Sent { $date }
page-list-files-until = files available until { $date }
page-list-link-lifetime = { $days ->
    [one] link lifetime { $days } day
   *[other] link lifetime { $days } days
}
page-list-link-only = links given to the sender, no email
page-list-recipient = Recipient
page-list-role = Role
page-list-status = Status
page-list-details = Details
page-list-actions = Actions
page-list-internal = internal
page-list-internal-hint = Of the organisation: activates with the organisation sign-in
page-list-resend = Resend
page-list-send-link-again = Send the link again
page-list-revoke = Revoke
page-list-history = History
page-list-to-whom = to { $address }
page-list-of-whom = of { $address }
page-list-older = Older invitations
page-list-sender-contains = Sender contains
page-list-recipient-contains = Recipient contains
page-list-state = Recipient state
page-list-any-state = any
page-list-filter = Filter
page-list-valid-until = link valid until { $date }
page-list-link-shown = no email: the link was shown to the sender
page-list-reminded = { $count ->
    [one] reminded once
   *[other] reminded { $count } times
}
page-list-next-reminder = next reminder { $date }
page-list-delivered = delivered { $date }
page-list-downloaded = downloaded at least one file
page-list-accepted = account created { $date }
page-list-files-expired = the files have expired
page-list-link-expired = link expired { $date }
page-list-revoked-by-sender = revoked by the sender
page-list-revoked-by-admin = revoked by an administrator
page-list-deferred = the mail server will be tried again
page-list-bounced = the mail server refused the message
page-list-no-such-invitation = That invitation does not exist.
page-list-resent = A new link is on its way; the earlier links no longer work.
page-list-revoked = Revoked: its links no longer work.
page-list-not-changed = Nothing was changed: { $reason }.

state-queued = Queued
state-deferred = Deferred
state-sent = Sent
state-delivered = Delivered
state-downloaded = Downloaded
state-bounced = Bounced
state-accepted = Accepted
state-expired = Expired
state-revoked = Revoked

page-confirm-show-link-title = Show a new link?
page-confirm-show-link = Make a new link for { $address } for “{ $subject }”?
page-confirm-show-link-consequence = The new link is shown to you once, to pass on yourself; nothing is emailed. The earlier link stops working at once.
page-confirm-show-link-button = Show a new link
page-confirm-resend-title = Send a new link?
page-confirm-resend = Send { $address } a new link for “{ $subject }”?
page-confirm-resend-consequence = A new message with a new activation link goes out; the earlier link stops working at once.
page-confirm-resend-files-consequence = A new message with a new download link goes out; the earlier link stops working at once.
page-confirm-resend-button = Send a new link
page-confirm-revoke-title = Revoke this link?
page-confirm-revoke = Revoke the link sent to { $address } for “{ $subject }”?
page-confirm-revoke-consequence = The link stops working at once. Nothing is sent to the recipient.
page-confirm-revoke-button = Revoke the link

page-links-title = Links to pass on
page-links-intro = No email was sent for “{ $subject }”. Copy each link into your own message to that person:
page-links-once = this page shows them once, and Postern keeps only a fingerprint of each.
page-links-hint = Each link is personal: whoever opens it can create the account for that address. If one gets lost, use Resend on My invitations for a new link (the old one then stops working).
page-links-invitee = Invitee
page-links-link = Link
page-links-until = Works until
page-links-link-for = Link for { $address }

page-history-title = History of { $address }
page-history-intro = “{ $subject }”, sent { $sent } · now
page-history-time = Time
page-history-what = What happened
page-history-by = By
page-history-by-sender = the sender
page-history-by-admin = an administrator
page-history-by-invitee = the invitee
page-history-by-portal = Postern
page-history-opened-hint = A link counts as opened the first time its page is shown; some mail systems open links to check them before the invitee does.

event-queued = queued for delivery
event-link-shown = link shown to the sender (no email)
event-sent = handed to the mail system
event-deferred = delivery deferred, tried again later
event-bounced = refused by the mail system
event-reminded = reminder queued
event-opened = link opened
event-accepted = account created
event-expired = link expired
event-revoked = revoked
event-resent = new link sent
event-renewal-requested = asked for a new link
event-renewed = new link sent automatically
event-downloaded = file downloaded

## Security: sessions, two-factor sign-in, API tokens.

page-security-title = Security
page-two-factor-title = Two-factor sign-in
page-security-two-factor-on = { $count ->
    [one] On: after your password you enter a code from your authenticator app ({ $count } recovery code left).
   *[other] On: after your password you enter a code from your authenticator app ({ $count } recovery codes left).
}
page-security-two-factor-manage = Manage two-factor sign-in
page-security-two-factor-off = Off. A code from an app on your phone, asked after your password, keeps your account safe even if your password leaks.
page-security-two-factor-set-up = Set up two-factor sign-in
page-security-where = Where you are signed in
page-security-where-account = Each row is a browser signed in to your account. End any you do not recognise, and tell an administrator of the portal.
page-security-where-console = Each row is a browser signed in to your administrators' console. End any you do not recognise, and tell an administrator of the portal.
page-security-signed-in = Signed in
page-security-last-active = Last active
page-security-from = From
page-security-browser = Browser
page-security-unknown-browser = unknown
page-security-this-browser = this browser
page-security-end-session = End this session
page-security-revoke-tokens = Also revoke all my API tokens
page-security-everywhere = Sign out everywhere else
page-security-live-tokens = { $count ->
    [one] You have { $count } working API token.
   *[other] You have { $count } working API tokens.
}
page-security-manage-tokens = Manage API tokens
page-security-this-browser-problem = That is this browser's session: use Sign out to end it.
page-security-session-ended = The session was ended; that browser must sign in again.
page-security-session-already-ended = That session had already ended.
page-security-everywhere-done = { $count ->
    [one] Signed out everywhere else: { $count } session ended.
   *[other] Signed out everywhere else: { $count } sessions ended.
}
page-security-tokens-revoked = { $count ->
    [one] { $count } API token revoked.
   *[other] { $count } API tokens revoked.
}
page-tokens-intro = Tools such as mail add-ins and scripts use a personal API token to act as you through the Postern API. Treat a token like a password; revoke it when the tool no longer needs it.
page-tokens-api-docs = The API's documentation
page-tokens-new = Your new token
page-tokens-copy-now = (copy it now: it is shown only once):
page-tokens-name = Name of the new token
page-tokens-name-hint = What will use it, for example "Outlook add-in" or "nightly script".
page-tokens-scope = What the tool may do
page-tokens-scope-read-label = Read my invitations only
page-tokens-scope-send-label = Read, send, resend and revoke invitations
page-tokens-days = Days until the token stops working
page-tokens-days-hint = At most { $max } days (the administrator's limit).
page-tokens-create = Create token
page-tokens-yours = Your tokens
page-tokens-none = You have no API tokens.
page-tokens-col-name = Name
page-tokens-col-may = May
page-tokens-col-created = Created
page-tokens-col-expires = Expires
page-tokens-col-last-used = Last used
page-tokens-never = never
page-tokens-scope-read = read
page-tokens-scope-send = read and send
page-tokens-revoked-status = revoked
page-tokens-expired-status = expired
page-tokens-active-status = active
page-tokens-form-used = This form already created its token, and its secret was shown once; the token is in the list below. Create a new one if you need it.
page-tokens-revoked = The token was revoked; tools using it are refused from now on.
page-tokens-no-such-token = That token does not exist or was already revoked.
form-token-scope = choose what the tool may do
form-token-days-number = enter a whole number of days
form-token-name = 1 to 100 characters, no control or invisible characters
form-token-administrator = administrators have no API tokens: the API is for staff and Drop-Off accounts
form-token-days-range = between 1 and { $max } days

## Two-factor sign-in.

page-two-factor-codes = Your recovery codes
page-two-factor-codes-how = (shown only now): each works once, in place of a code from your app, if you lose your device. Print them or keep them in your password manager.
page-two-factor-continue = Continue
page-two-factor-required = The administrator requires two-factor sign-in for your account: set it up to go on.
page-two-factor-on = { $count ->
    [one] Two-factor sign-in is on: after your password, you enter a code from your authenticator app. You have { $count } unused recovery code.
   *[other] Two-factor sign-in is on: after your password, you enter a code from your authenticator app. You have { $count } unused recovery codes.
}
page-two-factor-new-codes = New recovery codes
page-two-factor-renew-code = A code from your app (the old recovery codes stop working)
page-two-factor-make-codes = Make new recovery codes
page-two-factor-turn-off = Turn off
page-two-factor-off-code = A code from your app, or a recovery code
page-two-factor-turn-off-button = Turn off two-factor sign-in
page-two-factor-step-install = Install an authenticator app on your phone (any that supports standard time-based codes).
page-two-factor-step-scan = Scan this code with it, or type the key below.
page-two-factor-step-enter = Enter the six-digit code the app then shows.
page-two-factor-qr = QR code to add { $portal } to an authenticator app
page-two-factor-key = Key:
page-two-factor-code-from-app = Code from the app
page-two-factor-turn-on = Turn on two-factor sign-in
page-two-factor-back = Back to Security
page-two-factor-enter-code = Enter the six-digit code your authenticator app shows for { $portal }. Lost your device? Enter one of your recovery codes instead.
page-two-factor-code = Code
page-two-factor-restart = Start again with your password
page-two-factor-password-first = Sign in with your password first (the code must follow within five minutes).
page-two-factor-recovery-used = { $count ->
    [one] You signed in with a recovery code; { $count } left. Make new ones on the Security page if you are running out, and set up your new device there.
   *[other] You signed in with a recovery code; { $count } left. Make new ones on the Security page if you are running out, and set up your new device there.
}
page-two-factor-now-on = Two-factor sign-in is on. From now on you enter a code from your app after your password.
page-two-factor-now-off = Two-factor sign-in is off.
form-two-factor-wrong-code-setup = that code is not right; enter the six digits the app shows now
form-two-factor-wrong-code = that code is not right; enter the six digits your authenticator app shows now, or one of your recovery codes
form-two-factor-reused = that code was used already; wait for the next one (a new code appears every 30 seconds)
form-two-factor-not-enrolled = two-factor sign-in is not set up for this account
form-two-factor-already-on = two-factor sign-in is already on; turn it off first to set up another device
form-two-factor-required = the administrator requires two-factor sign-in for your account, so it cannot be turned off
form-two-factor-not-offered = two-factor sign-in is not offered for your kind of account
form-two-factor-not-offered-page = Two-factor sign-in is not offered for your kind of account.
form-two-factor-unreadable = the two-factor secret cannot be read with this server's key (server.secret_key); an administrator can reset two-factor sign-in for the account

## Invite a list.

page-bulk-intro = Up to 10,000 invitees from a CSV file (a column email, optional name and language; commas, semicolons or tabs; a header line or not) or a JSON list of objects with the same names. Check the list names every row that cannot be invited, with its line, and sends nothing; Send invitations invites every other row. Each invitee gets their own message, addressed to them alone.
page-bulk-checked = { $count ->
    [one] Checked: { $count } row
   *[other] Checked: { $count } rows
}
page-bulk-sent = { $count ->
    [one] Sent: { $count } row
   *[other] Sent: { $count } rows
}
page-bulk-valid = { $count ->
    [one] { $count } row can be invited; nothing was sent.
   *[other] { $count } rows can be invited; nothing was sent.
}
page-bulk-replayed = This list was already sent with this form; nothing was sent again.
page-bulk-queued = { $count ->
    [one] { $count } invitee is queued
   *[other] { $count } invitees are queued
}, { $invitations ->
    [one] in { $invitations } invitation.
   *[other] in { $invitations } invitations.
}
page-bulk-follow = Follow the delivery
page-bulk-all-valid = Every row can be invited.
page-bulk-left-out = { $count ->
    [one] Left out: { $count } row.
   *[other] Left out: { $count } rows.
}
page-bulk-line = Line
page-bulk-entry = Entry
page-bulk-address = Address
page-bulk-problem = Problem
page-bulk-file = The list (CSV or JSON file)
page-bulk-file-hint = A browser never keeps a chosen file: choose it again after a check.
page-bulk-paste = Or paste the list
page-bulk-paste-label = One invitee per line: address, name, language
page-bulk-check = Check the list
page-bulk-unreadable-title = The form could not be read
page-bulk-unreadable = { $why }; nothing was sent.
page-bulk-progress-title = Delivery of a list
page-bulk-progress-none = No list was sent with this form.
page-bulk-progress-summary = { $count ->
    [one] { $count } invitee
   *[other] { $count } invitees
} { $invitations ->
    [one] in { $invitations } invitation.
   *[other] in { $invitations } invitations.
}
page-bulk-progress-waiting = { $count ->
    [one] { $count } message is still on the way; this page refreshes every 5 seconds.
   *[other] { $count } messages are still on the way; this page refreshes every 5 seconds.
}
page-bulk-progress-done = Every message has left.
page-bulk-invitees = Invitees
page-bulk-another = Invite another list
form-list-too-large = the list is larger than 4 MiB: split it into several
form-list-both = choose a file or paste a list, not both
form-list-none = choose a file with the list, or paste it
form-row-language = "{ $code }" is not a language invitations are written in ({ $languages })
form-row-own-address = this is your own address
form-row-has-account = already has an account on this portal
form-row-group-address = looks like a group address: everyone on it would share one link
