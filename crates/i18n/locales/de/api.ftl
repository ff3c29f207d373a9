## Die Meldungen der API für Menschen: `message` jedes Fehlers und `reason` jedes Details.
## Die Codes (`invalid_recipients`, `token_expired`, …) sind für Programme und bleiben englisch.

api-insufficient-scope = dieses Token darf nur lesen; zum Senden, erneuten Senden oder Widerrufen brauchen Sie ein Token mit dem Bereich „send“
api-token-expired = das API-Token ist abgelaufen; legen Sie auf der Seite „API-Tokens“ ein neues an
api-token-required = ohne gültiges API-Token geht es nicht: Authorization: Bearer pstk_…
api-not-found = unter dieser Adresse gibt es nichts
api-no-invitation = diese Einladung gibt es nicht
api-no-recipient = diesen Empfänger gibt es nicht
api-method-not-allowed = diese Adresse kennt diese Methode nicht
api-internal = die Anfrage konnte nicht ausgeführt werden; es wurde nichts geändert
api-too-many = zu viele Versuche; warten Sie eine Minute
api-bad-request = die Anfrage ist nicht lesbar: { $detail }
api-body-too-large = die Anfrage ist größer als { $kib } KiB (bei einer Liste von Eingeladenen { $mib } MiB)
api-unsupported-media-type = der Inhalt muss als application/json kommen
api-invalid-invitation = die Einladung ist so nicht gültig
api-not-permitted = Ihr Konto darf keine Einladungen verschicken
api-list-rows = geben Sie zwischen 1 und { $max } Eingeladene an
api-list-one-of = geben Sie die Liste entweder als csv oder als rows an – genau eins von beiden
api-invalid-cursor = diesen Cursor hat die API nicht ausgegeben
api-invalid-limit = das Limit muss zwischen 1 und 100 liegen
api-limit-range = 1 bis 100
api-link-unknown = dieser Aktivierungslink ist ungültig
api-link-expired = dieser Aktivierungslink ist abgelaufen
api-link-used = dieser Aktivierungslink wurde bereits verwendet
api-link-revoked = dieser Aktivierungslink wurde widerrufen
api-account-exists = zu dieser Adresse gibt es schon ein Konto; melden Sie sich stattdessen an
api-password-policy = das Passwort erfüllt die Regeln nicht
api-not-internal = diese Einladung gilt einer externen Person; legen Sie ein Passwort fest, um das Konto anzulegen
api-directory-credentials = Benutzername oder Passwort stimmen nicht
api-directory-unavailable = das Verzeichnis der Organisation ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten noch einmal
api-not-the-invitee = diese Anmeldedaten gehören nicht der eingeladenen Person
api-no-email-in-directory = Ihr Verzeichniskonto hat keine E-Mail-Adresse und kann dieses Portal deshalb nicht nutzen; wenden Sie sich an Ihre IT-Abteilung
api-idempotency-key = 1 bis 100 druckbare ASCII-Zeichen, ohne Leerzeichen (90 für eine Liste von Eingeladenen)
