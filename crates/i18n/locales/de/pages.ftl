## Die Seiten des Portals. Überschriften enden auf -title.

page-language = Sprache:
page-language-unknown-title = Unbekannte Sprache
page-language-unknown = Die Seiten des Portals gibt es auf { $languages }.
page-account-nav = Konto
page-security-link = Sicherheit
page-sign-out = Abmelden
page-sign-out-question = In diesem Browser abmelden?
page-sign-out-consequence = Sie können sich jederzeit wieder anmelden.
page-cancel = Abbrechen
page-go-back = Zurück
page-go-to-start = Zur Startseite
page-go-to-sign-in = Zur Anmeldung
page-go-to-console = Zur Administrationskonsole
page-errors-heading = Bitte korrigieren Sie Folgendes
page-error-entry = { $label }: { $message }
page-contact-inviter = Für einen neuen Link schreiben Sie an { $name } ({ $email }).
page-not-done = Nicht ausgeführt

page-not-found-title = Seite nicht gefunden
page-not-found = Unter dieser Adresse gibt es nichts.
page-form-address-title = Diese Adresse gehört zu einem Formular
page-form-address = Diese Adresse wird von einer Schaltfläche auf einer Seite des Portals verwendet und lässt sich nicht direkt aufrufen.
page-internal-error-title = Etwas ist schiefgegangen
page-internal-error = Das Portal konnte Ihre Anfrage nicht ausführen. Es wurde nichts geändert; bitte versuchen Sie es gleich noch einmal.
page-csrf-title = Das Formular ist abgelaufen
page-csrf = Zu Ihrer Sicherheit konnte das Formular nicht angenommen werden. Gehen Sie zurück, laden Sie die Seite neu und senden Sie es noch einmal ab.
page-too-many-title = Zu viele Versuche
page-too-many = Bitte warten Sie eine Minute, bevor Sie es erneut versuchen.
page-too-many-sign-in = Nach vielen fehlgeschlagenen Anmeldungen bei einem Konto verlängert sich die Wartezeit mit jedem weiteren Versuch auf bis zu 15 Minuten; eine erfolgreiche Anmeldung beendet sie.
page-unavailable-title = Vorübergehend nicht erreichbar
page-unavailable = Das Portal erreicht seine Datenbank gerade nicht. Es wurde nichts geändert; bitte versuchen Sie es in ein paar Sekunden noch einmal.

## Ein Konto mit einem Aktivierungslink anlegen.

page-activate-title = Konto anlegen
page-activate-intro = { $inviter } ({ $inviter_email }) hat Sie eingeladen. Dieser Link funktioniert einmal und läuft am { $expiry } ab.
page-activate-internal = Ihre Adresse gehört zum Verzeichnis Ihrer Organisation. Melden Sie sich mit den Zugangsdaten Ihrer Organisation an, um Ihr Konto freizuschalten; ein eigenes Passwort brauchen Sie nicht.
page-activate-login = Benutzername oder E-Mail-Adresse in Ihrer Organisation
page-activate-login-hint = Zum Beispiel { $email }, benutzer@domäne oder DOMÄNE\benutzer.
page-activate-directory-password = Passwort in Ihrer Organisation
page-activate-internal-button = Anmelden und freischalten
page-activate-button = Konto anlegen
page-username = Benutzername
page-display-name = Anzeigename
page-password = Passwort
page-password-repeat = Passwort wiederholen
page-password-min = mindestens { $count } Zeichen
page-password-needs-lowercase = einem Kleinbuchstaben
page-password-needs-uppercase = einem Großbuchstaben
page-password-needs-digit = einer Ziffer
page-password-needs-symbol = einem Sonderzeichen
page-password-hint = Verwenden Sie { $length } mit { $rules }.
page-password-hint-length = Verwenden Sie { $length }.
page-password-common-refused = Gängige Passwörter werden abgelehnt.

field-email = E-Mail-Adresse
field-display-name = Anzeigename
field-password = Passwort
field-password-confirmation = Passwort (Wiederholung)
field-login = Benutzername

form-passwords-differ = Die beiden Passwörter stimmen nicht überein.
form-password-min-length = Verwenden Sie mindestens { $count } Zeichen.
form-password-max-length = Verwenden Sie höchstens { $count } Zeichen.
form-password-lowercase = Verwenden Sie einen Kleinbuchstaben.
form-password-uppercase = Verwenden Sie einen Großbuchstaben.
form-password-digit = Verwenden Sie eine Ziffer.
form-password-symbol = Verwenden Sie ein Sonderzeichen (weder Buchstabe noch Ziffer).
form-password-common = Dieses Passwort ist zu gängig; wählen Sie ein anderes.
form-password-contains-email = Das Passwort darf weder Ihre E-Mail-Adresse noch den Teil vor dem @ enthalten.
form-name-empty = Der Name ist leer.
form-name-too-long = Der Name ist { $count } Zeichen lang; erlaubt sind höchstens 100.
form-name-invalid-character = Der Name darf { $character } nicht enthalten.
form-login-empty = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse in Ihrer Organisation ein.
form-directory-password-empty = Geben Sie Ihr Passwort in Ihrer Organisation ein.
form-directory-credentials = Benutzername oder Passwort ist falsch.
form-not-the-invitee = Diese Zugangsdaten gehören einer anderen Person als der eingeladenen.

page-account-created = Ihr Konto ist angelegt. Willkommen!
page-access-active = Ihr Konto ist freigeschaltet. Willkommen!
page-account-pending-title = Ihr Konto wartet auf Freigabe
page-account-pending = Ihr Konto ist angelegt. Bevor Sie sich anmelden können, muss es von der Administration freigegeben werden; Sie erhalten dann eine E-Mail.
page-directory-sign-in-title = Melden Sie sich mit dem Konto Ihrer Organisation an
page-directory-sign-in = Ihre Adresse gehört zum Verzeichnis Ihrer Organisation. Melden Sie sich mit den Zugangsdaten Ihrer Organisation an.

page-link-unknown-title = Dieser Link ist ungültig
page-link-unknown = Der Aktivierungslink ist unvollständig oder wurde nie ausgestellt. Kopieren Sie den ganzen Link aus Ihrer E-Mail.
page-link-expired-title = Dieser Link ist abgelaufen
page-link-expired = Aktivierungslinks gelten nur für begrenzte Zeit.
page-link-used-title = Dieser Link wurde bereits verwendet
page-link-used = Das Konto zu dieser Einladung ist bereits angelegt. Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.
page-link-used-internal = Ihr Zugang wurde mit diesem Link bereits freigeschaltet. Melden Sie sich mit Benutzername und Passwort Ihrer Organisation an.
page-link-revoked-title = Dieser Link wurde widerrufen
page-link-revoked = Die Person, die Sie eingeladen hat, hat diesen Link widerrufen oder Ihnen einen neueren geschickt.
page-account-exists-title = Sie haben bereits ein Konto
page-account-exists = Für diese Adresse gibt es bereits ein Konto. Melden Sie sich stattdessen an.
page-directory-unavailable-title = Das Verzeichnis ist nicht erreichbar
page-directory-unavailable = Das Verzeichnis Ihrer Organisation ist gerade nicht erreichbar, deshalb kann Ihr Konto nicht freigeschaltet werden. Ihr Link funktioniert weiterhin; versuchen Sie es in ein paar Minuten noch einmal.
page-directory-no-email-title = Ihr Verzeichniskonto hat keine E-Mail-Adresse
page-directory-no-email = Im Verzeichnis Ihrer Organisation ist für Ihr Konto keine E-Mail-Adresse hinterlegt, deshalb kann es dieses Portal nicht nutzen. Bitten Sie Ihre IT-Abteilung, eine einzutragen; Ihr Link funktioniert weiterhin.

page-renewal-question = Aktivierungslinks gelten nur für begrenzte Zeit. Sie können { $inviter } ({ $inviter_email }) um einen neuen Link bitten.
page-renewal-automatic = Ein neuer Link wird an die Adresse geschickt, an die diese Einladung ging. Sie können einmal darum bitten.
page-renewal-asks-inviter = { $inviter } erhält eine E-Mail mit der Bitte, Ihnen einen neuen Link zu schicken. Sie können einmal darum bitten.
page-renewal-button = Neuen Link anfordern
page-renewal-asked-title = Ihre Bitte wurde weitergeleitet
page-renewal-asked = { $inviter } wurde gebeten, Ihnen einen neuen Link zu schicken. Er kommt per E-Mail.
page-renewal-sent-title = Ein neuer Link ist unterwegs
page-renewal-sent = Ein neuer Aktivierungslink wurde an { $email } geschickt. Er ersetzt den abgelaufenen.
page-renewal-already-title = Ein neuer Link wurde bereits angefordert
page-renewal-already = Ein neuer Link kann nur einmal angefordert werden. Wenn keiner angekommen ist, schreiben Sie der Person, die Sie eingeladen hat.
page-renewal-not-offered-title = Neue Links gibt es hier nicht
page-renewal-not-offered = Schreiben Sie der Person, die Sie eingeladen hat, und bitten Sie sie, die Einladung erneut zu senden.
page-renewal-still-valid-title = Dieser Link funktioniert noch
page-renewal-still-valid = Öffnen Sie ihn erneut, um Ihr Konto anzulegen.

## Downloads.

page-download-title = Dateien für Sie
page-download-intro = { $sender } ({ $sender_email }) hat diese Dateien an { $recipient } geschickt. Sie sind bis { $expiry } abrufbar.
page-download-file = Datei
page-download-size = Größe
page-download-left = Verbleibende Downloads
page-download-action = Herunterladen
page-download-limit-reached = Limit erreicht
page-download-zip = Alle als ZIP-Datei herunterladen
page-download-checksums = SHA-256-Prüfsummen:
page-download-not-found-title = Nicht gefunden
page-download-unknown = Dieser Download-Link ist ungültig.
page-download-no-such-file = Eine solche Datei gibt es hier nicht.
page-download-expired-title = Diese Dateien sind abgelaufen
page-download-expired = Diese Dateien sind nicht mehr abrufbar.
page-download-revoked-title = Dieser Link wurde widerrufen
page-download-revoked = Dieser Download-Link wurde widerrufen.
page-download-exhausted-title = Download-Limit erreicht
page-download-exhausted = { $file }: Das Download-Limit ist erreicht.
page-download-sign-in-title = Zum Herunterladen anmelden
page-download-sign-in = Melden Sie sich als { $email } an, um diese Dateien herunterzuladen.
page-download-not-yours-title = Diese Dateien sind für jemand anderen
page-download-not-yours = Diese Dateien sind für { $email }; melden Sie sich mit diesem Konto an.
page-download-unreadable-title = Diese Datei kann gerade nicht gelesen werden
page-download-unreadable = { $file } kann gerade nicht gelesen werden; der Versuch zählt nicht als Download. Versuchen Sie es später noch einmal.
page-download-busy-title = Gerade laufen viele Downloads
page-download-busy = Von diesem Portal werden gerade viele Dateien heruntergeladen. Versuchen Sie es gleich noch einmal; der Versuch zählt nicht als Download.
page-download-missing-title = Diese Datei ist nicht mehr verfügbar
page-download-missing = { $file } ist hier nicht mehr gespeichert und kann nicht heruntergeladen werden; der Versuch zählt nicht. Bitten Sie die absendende Person, die Datei erneut zu schicken.

## Anmeldung und die Startseiten der Portale.

page-sign-in = Anmelden
page-sign-in-login = E-Mail-Adresse oder Benutzername in Ihrer Organisation
page-sign-in-login-hint = Beschäftigte: Ihre Anmeldung in der Organisation (name@domäne oder DOMÄNE\name) funktioniert hier.
form-sign-in-invalid = E-Mail-Adresse oder Passwort ist falsch.
form-sign-in-disabled = Dieses Konto ist deaktiviert. Wenden Sie sich an die Administration des Portals, wenn Sie es wieder brauchen.
form-sign-in-pending = Ihr Konto wartet auf die Freigabe durch die Administration.
form-sign-in-directory-unavailable = Das Verzeichnis der Organisation ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten noch einmal.
page-admin-account-title = Administrationskonto
page-admin-account = Mit Administrationskonten lassen sich die Benutzerportale nicht öffnen. Melden Sie sich mit Ihrem eigenen Benutzerkonto an oder öffnen Sie die Administrationskonsole.

page-portal-title = Internes Portal
page-portal-send-invites = Einladungen senden
page-portal-send-files = Dateien senden
page-portal-my-invitations = Meine Einladungen und Dateien
page-portal-api-tokens = API-Tokens
page-portal-may-not-invite = Für Ihr Konto ist das Versenden von Einladungen nicht freigeschaltet. Wenden Sie sich an die Administration, wenn Sie es brauchen.

page-dropoff-title = Drop-Off-Portal
page-dropoff-welcome = Willkommen, { $name }. Ihr Konto ist eingerichtet.
page-dropoff-files-arrive = Dateien für Sie kommen per E-Mail mit einem persönlichen Download-Link.
page-dropoff-send = Dateien senden
page-dropoff-send-to = an Personen der Organisation.

page-bad-request-title = Ungültige Anfrage
page-bad-request = Das Portal konnte diese Anfrage nicht lesen. Es wurde nichts geändert; gehen Sie zurück und versuchen Sie es noch einmal.
page-too-large-title = Diese Anfrage ist zu groß
page-too-large = Es wurde nichts geändert. Gehen Sie zurück und senden Sie weniger.
