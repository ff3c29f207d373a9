## The API's messages for people: each error's `message` and each detail's `reason`. The
## codes (`invalid_recipients`, `token_expired`, …) are for programs and are not translated.

api-insufficient-scope = this token may only read; create a token with the send scope to send, resend or revoke
api-token-expired = the API token has expired; create a new one on the API tokens page
api-token-required = a valid API token is required: Authorization: Bearer pstk_…
api-not-found = nothing is found at this address
api-no-invitation = no such invitation
api-no-recipient = no such recipient
api-method-not-allowed = this address does not answer to this method
api-internal = the request could not be completed; nothing was changed
api-too-many = too many attempts; wait a minute
api-bad-request = the request cannot be read: { $detail }
api-body-too-large = the request body is larger than { $kib } KiB ({ $mib } MiB for a list of invitees)
api-unsupported-media-type = send the body as application/json
api-invalid-invitation = the invitation is not valid
api-not-permitted = your account may not send invitations
api-list-rows = give between 1 and { $max } invitees
api-list-one-of = give the list either as csv or as rows, not both and not neither
api-invalid-cursor = the cursor is not one this API returned
api-invalid-limit = the limit must be between 1 and 100
api-limit-range = 1 to 100
api-link-unknown = this activation link is not valid
api-link-expired = this activation link has expired
api-link-used = this activation link was already used
api-link-revoked = this activation link was revoked
api-account-exists = an account with this address already exists; sign in instead
api-password-policy = the password does not meet the policy
api-not-internal = this invitation is for an outside person; set a password to create the account
api-directory-credentials = the username or password is not right
api-directory-unavailable = the organisation's directory cannot be reached right now; try again in a few minutes
api-not-the-invitee = these credentials belong to someone other than the person invited
api-no-email-in-directory = your directory account has no email address, so it cannot use this portal; ask your IT department
api-idempotency-key = 1 to 100 printable ASCII characters, no spaces (90 for a list of invitees)
