## What the `postern` command prints for the person at the terminal. Its language follows
## LC_ALL, LC_MESSAGES or LANG (de_DE.UTF-8 → German); C, POSIX or an unknown one: English.

cli-database-up-to-date = The database is up to date ({ $count ->
        [one] one migration
       *[other] { $count } migrations
    }).
cli-migrations-applied = { $count ->
        [one] Applied one migration:
       *[other] Applied { $count } migrations:
    }
cli-user-created = Created { $kind } user { $email } ({ $name }).
cli-user-may-invite = may invite
cli-user-may-not-invite = may not invite
cli-user-permission = { $email }: invitation permission is now { $setting }.
cli-no-user = no user { $email }
cli-check-ok = ok
cli-check-failed = FAIL
cli-checks-failed = { $count ->
        [one] one check failed
       *[other] { $count } checks failed
    }
cli-backup-database = database: { $path }
cli-backup-database-postgres = database: PostgreSQL is not copied here; run pg_dump --format=custom (docs/operations.md)
cli-backup-files = files: { $count } copied into { $path }
cli-backup-files-s3 = files: attachments are kept in the S3 bucket and not copied here; back the bucket up with its own versioning or replication
cli-backup-keys = keys: not copied; keep csrf.key and secret.key (or server.csrf_key and server.secret_key) apart from this backup
cli-restored = restored from { $path }; start postern again
cli-directory-none = no directory is configured: set directory.urls (POSTERN_DIRECTORY__URLS)
cli-directory-name = name: an address, DOMAIN\name or an account name (at most 256 characters)
cli-invite-group-none = invitation group: none configured (the portal's settings decide who invites)
cli-invite-group-found = invitation group: found
cli-invite-group-missing = invitation group: NOT FOUND: directory.invite_group names no group; nobody gets invitations from it
cli-person-account = account:      { $value }
cli-person-mail = mail:         { $value }
cli-person-no-mail = (none: cannot use the portal)
cli-person-name = display name: { $value }
cli-person-disabled = disabled:     { $value }
cli-person-may-invite = may invite:   { $value }
cli-yes = yes
cli-no = no
cli-invite-group-member = yes (member of directory.invite_group)
cli-invite-by-settings = by the portal's settings
cli-not-in-directory = { $name }: not in the directory
cli-verdict = an invitation to { $address }: { $verdict }
cli-verdict-refused = refused: { $reason }
cli-verdict-internal = internal: they activate with their organisation sign-in
cli-verdict-external-own = an outside person with a Drop-Off account (recipients.allow_unknown_own_addresses is on)
cli-verdict-external = an outside person with a Drop-Off account
cli-portal-account-local = portal account: { $kind } — a local account (with a Postern password): directory sign-in never takes it over; invitations to it are refused as an existing account
cli-portal-account-directory = portal account: { $kind } — the account the directory sign-in made
cli-error = error: { $error }
cli-user-exists = a user with this address already exists
cli-password-refused = the password does not meet the policy: { $rules }
