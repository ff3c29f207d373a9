## Was der Befehl `postern` für die Person am Terminal ausgibt. Die Sprache richtet sich nach
## LC_ALL, LC_MESSAGES oder LANG (de_DE.UTF-8 → Deutsch); C, POSIX oder Unbekanntes: Englisch.

cli-database-up-to-date = Die Datenbank ist auf dem neuesten Stand ({ $count ->
        [one] eine Migration
       *[other] { $count } Migrationen
    }).
cli-migrations-applied = { $count ->
        [one] Eine Migration ausgeführt:
       *[other] { $count } Migrationen ausgeführt:
    }
cli-user-created = Benutzer { $email } ({ $name }) angelegt, Art: { $kind }.
cli-user-may-invite = darf einladen
cli-user-may-not-invite = darf nicht einladen
cli-user-permission = { $email }: Einladungsrecht ist jetzt { $setting }.
cli-no-user = keinen Benutzer { $email } gefunden
cli-check-ok = ok
cli-check-failed = FEHLER
cli-checks-failed = { $count ->
        [one] eine Prüfung ist fehlgeschlagen
       *[other] { $count } Prüfungen sind fehlgeschlagen
    }
cli-backup-database = Datenbank: { $path }
cli-backup-database-postgres = Datenbank: PostgreSQL wird hier nicht kopiert; sichern Sie sie mit pg_dump --format=custom (docs/operations.md)
cli-backup-files = Dateien: { $count } nach { $path } kopiert
cli-backup-files-s3 = Dateien: die Anhänge liegen im S3-Bucket und werden hier nicht kopiert; sichern Sie den Bucket mit seiner eigenen Versionierung oder Replikation
cli-backup-keys = Schlüssel: nicht kopiert; bewahren Sie csrf.key und secret.key (oder server.csrf_key und server.secret_key) getrennt von dieser Sicherung auf
cli-restored = aus { $path } wiederhergestellt; starten Sie postern neu
cli-directory-none = es ist kein Verzeichnis eingerichtet: setzen Sie directory.urls (POSTERN_DIRECTORY__URLS)
cli-directory-name = Name: eine Adresse, DOMÄNE\Name oder ein Kontoname (höchstens 256 Zeichen)
cli-invite-group-none = Einladungsgruppe: keine eingerichtet (wer einladen darf, legen die Einstellungen des Portals fest)
cli-invite-group-found = Einladungsgruppe: gefunden
cli-invite-group-missing = Einladungsgruppe: NICHT GEFUNDEN: directory.invite_group nennt keine vorhandene Gruppe; über sie darf niemand einladen
cli-person-account = Konto:          { $value }
cli-person-mail = E-Mail:         { $value }
cli-person-no-mail = (keine: kann das Portal nicht nutzen)
cli-person-name = Anzeigename:    { $value }
cli-person-disabled = deaktiviert:    { $value }
cli-person-may-invite = darf einladen:  { $value }
cli-yes = ja
cli-no = nein
cli-invite-group-member = ja (Mitglied von directory.invite_group)
cli-invite-by-settings = nach den Einstellungen des Portals
cli-not-in-directory = { $name }: nicht im Verzeichnis
cli-verdict = eine Einladung an { $address }: { $verdict }
cli-verdict-refused = abgelehnt: { $reason }
cli-verdict-internal = intern: die Person aktiviert mit der Anmeldung ihrer Organisation
cli-verdict-external-own = eine externe Person mit Drop-Off-Konto (recipients.allow_unknown_own_addresses ist eingeschaltet)
cli-verdict-external = eine externe Person mit Drop-Off-Konto
cli-portal-account-local = Konto im Portal: { $kind } — ein lokales Konto (mit Postern-Passwort): die Verzeichnisanmeldung übernimmt es nie; Einladungen an diese Adresse werden als bestehendes Konto abgelehnt
cli-portal-account-directory = Konto im Portal: { $kind } — das Konto, das die Verzeichnisanmeldung angelegt hat
cli-error = Fehler: { $error }
cli-user-exists = es gibt schon einen Benutzer mit dieser Adresse
cli-password-refused = das Passwort erfüllt die Regeln nicht: { $rules }
