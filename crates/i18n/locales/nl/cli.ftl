## Wat het commando `postern` toont aan wie achter de terminal zit. De taal volgt LC_ALL,
## LC_MESSAGES of LANG (nl_NL.UTF-8 → Nederlands); C, POSIX of een onbekende taal: Engels.

cli-database-up-to-date = De database is bijgewerkt ({ $count ->
        [one] één migratie
       *[other] { $count } migraties
    }).
cli-migrations-applied = { $count ->
        [one] Eén migratie uitgevoerd:
       *[other] { $count } migraties uitgevoerd:
    }
cli-user-created = Gebruiker { $email } ({ $name }) aangemaakt, soort: { $kind }.
cli-user-may-invite = mag uitnodigen
cli-user-may-not-invite = mag niet uitnodigen
cli-user-permission = { $email }: het recht om uit te nodigen is nu { $setting }.
cli-no-user = geen gebruiker { $email }
cli-check-ok = ok
cli-check-failed = FOUT
cli-checks-failed = { $count ->
        [one] één controle is mislukt
       *[other] { $count } controles zijn mislukt
    }
cli-backup-database = database: { $path }
cli-backup-database-postgres = database: PostgreSQL wordt hier niet gekopieerd; gebruik pg_dump --format=custom (docs/operations.md)
cli-backup-files = bestanden: { $count } gekopieerd naar { $path }
cli-backup-files-s3 = bestanden: de bijlagen staan in de S3-bucket en worden hier niet gekopieerd; beveilig de bucket met zijn eigen versiebeheer of replicatie
cli-backup-keys = sleutels: niet gekopieerd; bewaar csrf.key en secret.key (of server.csrf_key en server.secret_key) los van deze back-up
cli-restored = hersteld uit { $path }; start postern opnieuw
cli-directory-none = er is geen directory ingesteld: stel directory.urls in (POSTERN_DIRECTORY__URLS)
cli-directory-name = naam: een adres, DOMEIN\naam of een accountnaam (hoogstens 256 tekens)
cli-invite-group-none = uitnodigingsgroep: geen ingesteld (de instellingen van het portaal bepalen wie uitnodigt)
cli-invite-group-found = uitnodigingsgroep: gevonden
cli-invite-group-missing = uitnodigingsgroep: NIET GEVONDEN: directory.invite_group noemt geen bestaande groep; niemand mag via die groep uitnodigen
cli-person-account = account:          { $value }
cli-person-mail = e-mail:           { $value }
cli-person-no-mail = (geen: kan het portaal niet gebruiken)
cli-person-name = weergavenaam:     { $value }
cli-person-disabled = uitgeschakeld:    { $value }
cli-person-may-invite = mag uitnodigen:   { $value }
cli-yes = ja
cli-no = nee
cli-invite-group-member = ja (lid van directory.invite_group)
cli-invite-by-settings = volgens de instellingen van het portaal
cli-not-in-directory = { $name }: niet in de directory
cli-verdict = een uitnodiging aan { $address }: { $verdict }
cli-verdict-refused = geweigerd: { $reason }
cli-verdict-internal = intern: deze persoon activeert met de aanmelding van de eigen organisatie
cli-verdict-external-own = een externe persoon met een Drop-Off-account (recipients.allow_unknown_own_addresses staat aan)
cli-verdict-external = een externe persoon met een Drop-Off-account
cli-portal-account-local = account in het portaal: { $kind } — een lokaal account (met een Postern-wachtwoord): aanmelden via de directory neemt het nooit over; uitnodigingen aan dit adres worden geweigerd omdat het account al bestaat
cli-portal-account-directory = account in het portaal: { $kind } — het account dat de aanmelding via de directory heeft aangemaakt
cli-error = fout: { $error }
cli-user-exists = er bestaat al een gebruiker met dit adres
cli-password-refused = het wachtwoord voldoet niet aan de regels: { $rules }
