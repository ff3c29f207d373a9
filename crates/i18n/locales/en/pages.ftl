## The portal's pages. Titles end in -title.

page-language = Language:
page-language-unknown-title = Unknown language
page-language-unknown = The portal's pages are written in { $languages }.
page-account-nav = Account
page-security-link = Security
page-sign-out = Sign out
page-sign-out-question = Sign out of this browser?
page-sign-out-consequence = You can sign in again at any time.
page-cancel = Cancel
page-go-back = Go back
page-go-to-start = Go to the start page
page-go-to-sign-in = Go to sign in
page-go-to-console = Go to the administrators' console
page-errors-heading = Please correct the following
page-error-entry = { $label }: { $message }
page-contact-inviter = To get a new link, write to { $name } ({ $email }).
page-not-done = Not done

page-not-found-title = Page not found
page-not-found = There is nothing at this address.
page-form-address-title = This address is for a form
page-form-address = This address is used by a button on one of the portal's pages, not opened on its own.
page-internal-error-title = Something went wrong
page-internal-error = The portal could not complete your request. Nothing was changed; please try again in a moment.
page-csrf-title = The form has expired
page-csrf = For your security the form could not be accepted. Go back, reload the page and submit it again.
page-too-many-title = Too many attempts
page-too-many = Please wait a minute before trying again.
page-too-many-sign-in = After many failed sign-ins to one account, the wait grows with each further attempt, up to 15 minutes; a successful sign-in ends it.
page-unavailable-title = Temporarily unavailable
page-unavailable = The portal cannot reach its database right now. Nothing was changed; please try again in a few seconds.

## Creating an account with an activation link.

page-activate-title = Create account
page-activate-intro = { $inviter } ({ $inviter_email }) invited you. This link works once and expires on { $expiry }.
page-activate-internal = Your address belongs to your organisation's directory. Sign in with your organisation credentials to activate your account; no separate password is needed.
page-activate-login = Organisation username or email address
page-activate-login-hint = For example { $email }, user@domain or DOMAIN\user.
page-activate-directory-password = Organisation password
page-activate-internal-button = Sign in and activate
page-activate-button = Create account
page-username = Username
page-display-name = Display name
page-password = Password
page-password-repeat = Repeat the password
page-password-min = { $count ->
    [one] at least { $count } character
   *[other] at least { $count } characters
}
page-password-needs-lowercase = a lower-case letter
page-password-needs-uppercase = an upper-case letter
page-password-needs-digit = a digit
page-password-needs-symbol = a symbol
page-password-hint = Use { $length }, with { $rules }.
page-password-hint-length = Use { $length }.
page-password-common-refused = Common passwords are refused.

field-email = Email address
field-display-name = Display name
field-password = Password
field-password-confirmation = Repeated password
field-login = Username

form-passwords-differ = the two passwords differ
form-password-min-length = { $count ->
    [one] use at least { $count } character
   *[other] use at least { $count } characters
}
form-password-max-length = { $count ->
    [one] use at most { $count } character
   *[other] use at most { $count } characters
}
form-password-lowercase = include a lower-case letter
form-password-uppercase = include an upper-case letter
form-password-digit = include a digit
form-password-symbol = include a symbol (not a letter or a digit)
form-password-common = this password is too common; choose another
form-password-contains-email = the password must not contain your email address or the name before its @
form-name-empty = the name is empty
form-name-too-long = the name is { $count } characters long; at most 100 are allowed
form-name-invalid-character = the name may not contain { $character }
form-login-empty = enter your organisation username or email address
form-directory-password-empty = enter your organisation password
form-directory-credentials = invalid username or password
form-not-the-invitee = these credentials belong to a different person than the one invited

page-account-created = Your account has been created. Welcome!
page-access-active = Your account is active. Welcome!
page-account-pending-title = Your account awaits approval
page-account-pending = Your account has been created. An administrator must approve it before you can sign in; you will receive an email when that happens.
page-directory-sign-in-title = Sign in with your organisation account
page-directory-sign-in = Your address belongs to your organisation's directory. Sign in with your organisation credentials.

page-link-unknown-title = This link is not valid
page-link-unknown = The activation link is incomplete or was never issued. Copy the whole link from your email.
page-link-expired-title = This link has expired
page-link-expired = Activation links work for a limited time only.
page-link-used-title = This link was already used
page-link-used = The account for this invitation has been created. Sign in with your email address and password.
page-link-used-internal = Your access was activated with this link. Sign in with your organisation username and password.
page-link-revoked-title = This link was revoked
page-link-revoked = The person who invited you revoked this link or sent you a newer one.
page-account-exists-title = You already have an account
page-account-exists = An account with this address exists. Sign in instead.
page-directory-unavailable-title = The directory is not reachable
page-directory-unavailable = Your organisation's directory is not reachable right now, so your account cannot be activated. Your link still works; try again in a few minutes.
page-directory-no-email-title = Your directory account has no email address
page-directory-no-email = Your organisation's directory has no email address for your account, so it cannot use this portal. Ask your IT department to add one; your link still works.

page-renewal-question = Activation links work for a limited time only. You can ask { $inviter } ({ $inviter_email }) for a new link.
page-renewal-automatic = A new link is sent to the address this invitation went to. You can ask once.
page-renewal-asks-inviter = { $inviter } gets an email asking them to send you a new link. You can ask once.
page-renewal-button = Ask for a new link
page-renewal-asked-title = Your request was sent
page-renewal-asked = { $inviter } was asked to send you a new link. It will come by email.
page-renewal-sent-title = A new link is on its way
page-renewal-sent = A new activation link was sent to { $email }. It replaces the expired one.
page-renewal-already-title = A new link was asked for already
page-renewal-already = A new link can be asked for once. If none has come, write to the person who invited you.
page-renewal-not-offered-title = New links are not asked for here
page-renewal-not-offered = Write to the person who invited you and ask them to send the invitation again.
page-renewal-still-valid-title = This link still works
page-renewal-still-valid = Open it again to create your account.

## Downloads.

page-download-title = Files for you
page-download-intro = { $sender } ({ $sender_email }) sent these files to { $recipient }. They are available until { $expiry }.
page-download-file = File
page-download-size = Size
page-download-left = Downloads left
page-download-action = Download
page-download-limit-reached = limit reached
page-download-zip = Download all as a zip file
page-download-checksums = SHA-256 checksums:
page-download-not-found-title = Not found
page-download-unknown = This download link is not valid.
page-download-no-such-file = There is no such file here.
page-download-expired-title = These files have expired
page-download-expired = These files have expired.
page-download-revoked-title = This link was revoked
page-download-revoked = This download link was revoked.
page-download-exhausted-title = Download limit reached
page-download-exhausted = { $file }: the download limit is reached.
page-download-sign-in-title = Sign in to download
page-download-sign-in = Sign in as { $email } to download these files.
page-download-not-yours-title = These files are for someone else
page-download-not-yours = These files are for { $email }; sign in with that account.
page-download-unreadable-title = This file cannot be read right now
page-download-unreadable = { $file } cannot be read right now; it was not counted against your downloads. Try again later.
page-download-busy-title = Many downloads are running
page-download-busy = Many files are being downloaded from this portal right now. Try again in a moment; this attempt was not counted against your downloads.
page-download-missing-title = This file is no longer available
page-download-missing = { $file } is no longer stored here and cannot be downloaded; it was not counted. Ask the sender to send it again.

## Signing in, and the portals' start pages.

page-sign-in = Sign in
page-sign-in-login = Email address or organisation username
page-sign-in-login-hint = Staff: your organisation sign-in (name@domain or DOMAIN\name) works here.
form-sign-in-invalid = invalid email address or password
form-sign-in-disabled = this account is disabled; ask an administrator of the portal if you need it again
form-sign-in-pending = your account is waiting for approval by an administrator
form-sign-in-directory-unavailable = the organisation's directory is not reachable right now; try again in a few minutes
page-admin-account-title = Administrator account
page-admin-account = Administrator accounts cannot open the user portals. Sign in with your own user account, or go to the administrators' console.

page-portal-title = Internal portal
page-portal-send-invites = Send Invites
page-portal-send-files = Send Files
page-portal-my-invitations = My invitations and files
page-portal-api-tokens = API tokens
page-portal-may-not-invite = Sending invitations is not enabled for your account. Ask an administrator if you need it.

page-dropoff-title = Drop-Off portal
page-dropoff-welcome = Welcome, { $name }. Your account is ready.
page-dropoff-files-arrive = Files sent to you arrive with a personal download link in your email.
page-dropoff-send = Send files
page-dropoff-send-to = to people of the organisation.

page-bad-request-title = Bad request
page-bad-request = The portal could not read this request. Nothing was changed; go back and try again.
page-too-large-title = This request is too large
page-too-large = Nothing was changed. Go back and send less.
