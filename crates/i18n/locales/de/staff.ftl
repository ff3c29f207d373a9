## Die Seiten der Beschäftigten: senden, die Listen des Gesendeten, der Verlauf einer Empfängerin oder eines Empfängers.

page-back-to-portal = Zurück zum Portal
page-list-and = { $items } und { $last }

page-send-invites-title = Einladungen senden
page-send-files-title = Dateien senden
page-send-invites-intro = Alle Empfängerinnen und Empfänger erhalten eine eigene Nachricht mit einem persönlichen Link, der einmal funktioniert und mit dem sie ein Drop-Off-Konto anlegen. Trennen Sie Adressen durch Kommas oder Semikolons.
page-send-files-intro = Alle Empfängerinnen und Empfänger erhalten eine eigene Nachricht mit einem persönlichen Link zum Herunterladen der Dateien. Trennen Sie Adressen durch Kommas oder Semikolons.
page-send-dropoff-intro = Senden Sie Dateien an Personen der Organisation. Alle erhalten einen persönlichen Link zum Herunterladen.
page-send-not-permitted-title = Einladungen sind für Sie nicht freigeschaltet
page-send-not-permitted = Ihr Konto darf keine Einladungen senden. Wenden Sie sich an die Administration, wenn Sie es brauchen.
page-send-default-message = Bitte legen Sie über den Link unten Ihr Drop-Off-Konto an. Damit erhalten Sie die Dateien, die ich Ihnen schicke, und können mir sicher Dateien zurückschicken.
page-send-files-default-subject = Dateien von { $name }
page-send-files-default-message = Hier sind die Dateien.
page-send-from = Von
page-send-to = An
page-send-add-cc = Cc hinzufügen
page-send-cc = Cc
page-send-add-bcc = Bcc hinzufügen
page-send-bcc = Bcc
page-send-bcc-hint = Bcc-Empfängerinnen und -Empfänger werden niemandem sonst angezeigt.
page-send-subject = Betreff
page-send-subject-hint = (bis zu 256 Zeichen)
page-send-message = Nachricht
page-send-language = Sprache der E-Mail
page-send-language-hint = Die E-Mail an die Empfängerinnen und Empfänger und die Seite, die ihr Link öffnet, sind in dieser Sprache geschrieben (die Seite können sie auf eine andere umstellen).
page-send-files = Dateien
page-send-files-optional = Optional.
page-send-files-needed = Mindestens eine Datei.
page-send-files-hint = { $need } Bis zu { $count } Dateien, je { $each }, insgesamt { $total }. Die Empfängerinnen und Empfänger erhalten einen persönlichen Download-Link; die Dateien bleiben auf dem Server und werden nie per E-Mail verschickt.
page-send-groups = Gruppenadressen
page-send-groups-why = Diese Adressen sehen nach Gruppen oder Verteilerlisten aus: Alle auf der Liste erhielten denselben Link, und wer ihn zuerst öffnet, legt das Konto für die ganze Liste an:
page-send-groups-how = Laden Sie die Personen darauf einzeln ein oder senden Sie trotzdem an die Gruppe.
page-send-existing = Bereits mit Konto
page-send-existing-why = Diese Personen haben bereits ein Konto bei diesem Portal; eine Einladung würde ihnen nur das mitteilen:
page-send-existing-how = Entfernen Sie sie aus An, Cc und Bcc oder senden Sie trotzdem an sie.
page-send-all-the-same = Trotzdem an sie senden
page-send-options = Zustelloptionen
page-send-link-lifetime = Gültigkeit des Links (Tage, { $min }–{ $max })
page-send-files-lifetime = Dateien abrufbar für (Tage, { $min }–{ $max })
page-send-download-limit = Downloads je Datei und Person ({ $min }–{ $max })
page-send-notify-accept = Mich benachrichtigen, wenn eine eingeladene Person ihr Konto anlegt
page-send-reminders = Eingeladene erinnern, die noch kein Konto angelegt haben
page-send-reminders-hint = Erinnerungen gehen nach { $percents } der Gültigkeit des Links hinaus, jede mit einem weiteren Link; sobald einer benutzt ist, werden alle ungültig.
page-send-link-only = Einladung nicht per E-Mail senden: Links anzeigen, die ich selbst weitergebe
page-send-link-only-hint = Nach dem Senden sehen Sie den Link jeder eingeladenen Person einmal, zum Kopieren in Ihre eigene Nachricht. Keine Kopie, keine Erinnerungen und keine Dateien bei einer solchen Einladung.
page-send-notify-download = Mich benachrichtigen, wenn jemand zum ersten Mal eine Datei herunterlädt
page-send-copy = Mir eine Kopie senden
page-send-broken-title = Das Formular ist nicht vollständig angekommen
page-send-broken = { $why }. Es wurde nichts gesendet und keine Datei behalten; bitte versuchen Sie es noch einmal.
page-send-invitation-sent = { $count ->
    [one] Ihre Einladung ist an { $count } Person unterwegs.
   *[other] Ihre Einladung ist an { $count } Personen unterwegs.
}
page-send-files-sent = { $count ->
    [one] Ihre Dateien sind an { $count } Person unterwegs.
   *[other] Ihre Dateien sind an { $count } Personen unterwegs.
}
page-send-replayed = { $count ->
    [one] Dieses Formular wurde bereits am { $sent } an { $count } Person gesendet; es wurde nichts erneut gesendet.
   *[other] Dieses Formular wurde bereits am { $sent } an { $count } Personen gesendet; es wurde nichts erneut gesendet.
}
form-files-refused = { $reason } – keine Datei wurde behalten, bitte wählen Sie die Dateien erneut aus.
form-files-not-stored = Die Dateien konnten gerade nicht gespeichert werden; es wurde nichts gesendet und keine Datei behalten. Versuchen Sie es gleich noch einmal.
form-files-not-kept = Die gewählten Dateien ({ $names }) wurden wegen der anderen Probleme in diesem Formular nicht behalten: Wählen Sie sie vor dem Senden erneut aus.
form-file-blocked = { $name }: Dateien mit der Endung .{ $extension } werden nicht angenommen.
form-file-too-large = { $name }: größer als die Grenze von { $limit } MiB je Datei.
form-files-too-large = Die Dateien sind zusammen größer als die Grenze von { $limit } MiB.
form-files-too-many = Höchstens { $count } Dateien je Nachricht.
form-has-account = { $address } hat bereits ein Konto bei diesem Portal.
form-group-address = { $address } sieht nach einer Gruppe oder Verteilerliste aus: Alle darauf erhielten denselben Link, und wer ihn zuerst öffnet, legt das Konto an.

page-list-title = Meine Einladungen
page-list-all-title = Alle Einladungen
page-list-invite-a-list = Eine Liste einladen
page-list-none = Keine Einladungen.
page-list-from = Von { $sender }
page-list-sent = Gesendet am { $date }
page-list-files-until = Dateien abrufbar bis { $date }
page-list-link-lifetime = { $days ->
    [one] Link gültig { $days } Tag
   *[other] Link gültig { $days } Tage
}
page-list-link-only = Links an die absendende Person, keine E-Mail
page-list-recipient = Empfänger/in
page-list-role = Feld
page-list-status = Status
page-list-details = Einzelheiten
page-list-actions = Aktionen
page-list-internal = intern
page-list-internal-hint = Aus der Organisation: schaltet sich mit der Anmeldung der Organisation frei
page-list-resend = Erneut senden
page-list-send-link-again = Link erneut senden
page-list-revoke = Widerrufen
page-list-history = Verlauf
page-list-to-whom = an { $address }
page-list-of-whom = von { $address }
page-list-older = Ältere Einladungen
page-list-sender-contains = Absender enthält
page-list-recipient-contains = Empfänger enthält
page-list-state = Status der Empfänger
page-list-any-state = alle
page-list-filter = Filtern
page-list-valid-until = Link gültig bis { $date }
page-list-link-shown = keine E-Mail: der Link wurde der absendenden Person angezeigt
page-list-reminded = { $count ->
    [one] einmal erinnert
   *[other] { $count }-mal erinnert
}
page-list-next-reminder = nächste Erinnerung { $date }
page-list-delivered = zugestellt { $date }
page-list-downloaded = mindestens eine Datei heruntergeladen
page-list-accepted = Konto angelegt { $date }
page-list-files-expired = die Dateien sind abgelaufen
page-list-link-expired = Link abgelaufen { $date }
page-list-revoked-by-sender = von der absendenden Person widerrufen
page-list-revoked-by-admin = von der Administration widerrufen
page-list-deferred = der Mailserver wird erneut versucht
page-list-bounced = der Mailserver hat die Nachricht abgelehnt
page-list-no-such-invitation = Diese Einladung gibt es nicht.
page-list-resent = Ein neuer Link ist unterwegs; die früheren Links funktionieren nicht mehr.
page-list-revoked = Widerrufen: die Links funktionieren nicht mehr.
page-list-not-changed = Es wurde nichts geändert: { $reason }.

state-queued = In der Warteschlange
state-deferred = Zurückgestellt
state-sent = Gesendet
state-delivered = Zugestellt
state-downloaded = Heruntergeladen
state-bounced = Unzustellbar
state-accepted = Angenommen
state-expired = Abgelaufen
state-revoked = Widerrufen

page-confirm-show-link-title = Neuen Link anzeigen?
page-confirm-show-link = Einen neuen Link für { $address } zu „{ $subject }“ erstellen?
page-confirm-show-link-consequence = Der neue Link wird Ihnen einmal angezeigt, damit Sie ihn selbst weitergeben; es wird nichts per E-Mail verschickt. Der frühere Link funktioniert sofort nicht mehr.
page-confirm-show-link-button = Neuen Link anzeigen
page-confirm-resend-title = Neuen Link senden?
page-confirm-resend = { $address } einen neuen Link zu „{ $subject }“ senden?
page-confirm-resend-consequence = Eine neue Nachricht mit einem neuen Aktivierungslink geht hinaus; der frühere Link funktioniert sofort nicht mehr.
page-confirm-resend-files-consequence = Eine neue Nachricht mit einem neuen Download-Link geht hinaus; der frühere Link funktioniert sofort nicht mehr.
page-confirm-resend-button = Neuen Link senden
page-confirm-revoke-title = Diesen Link widerrufen?
page-confirm-revoke = Den Link an { $address } zu „{ $subject }“ widerrufen?
page-confirm-revoke-consequence = Der Link funktioniert sofort nicht mehr. Die Person erhält keine Nachricht.
page-confirm-revoke-button = Link widerrufen

page-links-title = Links zum Weitergeben
page-links-intro = Zu „{ $subject }“ wurde keine E-Mail verschickt. Kopieren Sie jeden Link in Ihre eigene Nachricht an die jeweilige Person:
page-links-once = Diese Seite zeigt die Links nur einmal, und Postern behält von jedem nur einen Fingerabdruck.
page-links-hint = Jeder Link ist persönlich: Wer ihn öffnet, kann das Konto für diese Adresse anlegen. Geht einer verloren, erzeugen Sie unter „Meine Einladungen“ mit „Erneut senden“ einen neuen (der alte funktioniert dann nicht mehr).
page-links-invitee = Eingeladene Person
page-links-link = Link
page-links-until = Gültig bis
page-links-link-for = Link für { $address }

page-history-title = Verlauf für { $address }
page-history-intro = „{ $subject }“, gesendet am { $sent } · jetzt
page-history-time = Zeit
page-history-what = Ereignis
page-history-by = Durch
page-history-by-sender = absendende Person
page-history-by-admin = Administration
page-history-by-invitee = eingeladene Person
page-history-by-portal = Postern
page-history-opened-hint = Ein Link gilt als geöffnet, sobald seine Seite zum ersten Mal angezeigt wird; manche Mailsysteme öffnen Links zur Prüfung, bevor die eingeladene Person es tut.

event-queued = zur Zustellung eingereiht
event-link-shown = Link der absendenden Person angezeigt (keine E-Mail)
event-sent = an das Mailsystem übergeben
event-deferred = Zustellung zurückgestellt, wird erneut versucht
event-bounced = vom Mailsystem abgelehnt
event-reminded = Erinnerung eingereiht
event-opened = Link geöffnet
event-accepted = Konto angelegt
event-expired = Link abgelaufen
event-revoked = widerrufen
event-resent = neuer Link gesendet
event-renewal-requested = um einen neuen Link gebeten
event-renewed = neuer Link automatisch gesendet
event-downloaded = Datei heruntergeladen

## Sicherheit: Sitzungen, Zwei-Faktor-Anmeldung, API-Tokens.

page-security-title = Sicherheit
page-two-factor-title = Zwei-Faktor-Anmeldung
page-security-two-factor-on = { $count ->
    [one] Aktiv: Nach dem Passwort geben Sie einen Code aus Ihrer Authenticator-App ein ({ $count } Wiederherstellungscode übrig).
   *[other] Aktiv: Nach dem Passwort geben Sie einen Code aus Ihrer Authenticator-App ein ({ $count } Wiederherstellungscodes übrig).
}
page-security-two-factor-manage = Zwei-Faktor-Anmeldung verwalten
page-security-two-factor-off = Aus. Ein Code aus einer App auf Ihrem Telefon, abgefragt nach dem Passwort, schützt Ihr Konto auch dann, wenn Ihr Passwort bekannt wird.
page-security-two-factor-set-up = Zwei-Faktor-Anmeldung einrichten
page-security-where = Wo Sie angemeldet sind
page-security-where-account = Jede Zeile ist ein Browser, der bei Ihrem Konto angemeldet ist. Beenden Sie alle, die Sie nicht kennen, und informieren Sie die Administration des Portals.
page-security-where-console = Jede Zeile ist ein Browser, der bei Ihrer Administrationskonsole angemeldet ist. Beenden Sie alle, die Sie nicht kennen, und informieren Sie die Administration des Portals.
page-security-signed-in = Angemeldet
page-security-last-active = Zuletzt aktiv
page-security-from = Von
page-security-browser = Browser
page-security-unknown-browser = unbekannt
page-security-this-browser = dieser Browser
page-security-end-session = Diese Sitzung beenden
page-security-revoke-tokens = Auch alle meine API-Tokens widerrufen
page-security-everywhere = Überall sonst abmelden
page-security-live-tokens = { $count ->
    [one] Sie haben { $count } gültiges API-Token.
   *[other] Sie haben { $count } gültige API-Tokens.
}
page-security-manage-tokens = API-Tokens verwalten
page-security-this-browser-problem = Das ist die Sitzung dieses Browsers: Beenden Sie sie mit „Abmelden“.
page-security-session-ended = Die Sitzung wurde beendet; dieser Browser muss sich neu anmelden.
page-security-session-already-ended = Diese Sitzung war bereits beendet.
page-security-everywhere-done = { $count ->
    [one] Überall sonst abgemeldet: { $count } Sitzung beendet.
   *[other] Überall sonst abgemeldet: { $count } Sitzungen beendet.
}
page-security-tokens-revoked = { $count ->
    [one] { $count } API-Token widerrufen.
   *[other] { $count } API-Tokens widerrufen.
}
page-tokens-intro = Werkzeuge wie Mail-Add-ins und Skripte handeln mit einem persönlichen API-Token über die Postern-API in Ihrem Namen. Behandeln Sie ein Token wie ein Passwort und widerrufen Sie es, wenn das Werkzeug es nicht mehr braucht.
page-tokens-api-docs = Dokumentation der API
page-tokens-new = Ihr neues Token
page-tokens-copy-now = (kopieren Sie es jetzt: es wird nur einmal angezeigt):
page-tokens-name = Name des neuen Tokens
page-tokens-name-hint = Wofür es verwendet wird, zum Beispiel „Outlook-Add-in“ oder „nächtliches Skript“.
page-tokens-scope = Was das Werkzeug darf
page-tokens-scope-read-label = Nur meine Einladungen lesen
page-tokens-scope-send-label = Einladungen lesen, senden, erneut senden und widerrufen
page-tokens-days = Tage, bis das Token abläuft
page-tokens-days-hint = Höchstens { $max } Tage (die Grenze der Administration).
page-tokens-create = Token erstellen
page-tokens-yours = Ihre Tokens
page-tokens-none = Sie haben keine API-Tokens.
page-tokens-col-name = Name
page-tokens-col-may = Darf
page-tokens-col-created = Erstellt
page-tokens-col-expires = Läuft ab
page-tokens-col-last-used = Zuletzt verwendet
page-tokens-never = nie
page-tokens-scope-read = lesen
page-tokens-scope-send = lesen und senden
page-tokens-revoked-status = widerrufen
page-tokens-expired-status = abgelaufen
page-tokens-active-status = aktiv
page-tokens-form-used = Dieses Formular hat sein Token bereits erstellt, und das Geheimnis wurde einmal angezeigt; das Token steht in der Liste unten. Erstellen Sie ein neues, wenn Sie eines brauchen.
page-tokens-revoked = Das Token wurde widerrufen; Werkzeuge, die es verwenden, werden ab jetzt abgewiesen.
page-tokens-no-such-token = Dieses Token gibt es nicht oder es wurde bereits widerrufen.
form-token-scope = Wählen Sie, was das Werkzeug darf.
form-token-days-number = Geben Sie eine ganze Zahl von Tagen ein.
form-token-name = 1 bis 100 Zeichen, keine Steuer- oder unsichtbaren Zeichen.
form-token-administrator = Administrationskonten haben keine API-Tokens: Die API ist für Beschäftigte und Drop-Off-Konten.
form-token-days-range = Zwischen 1 und { $max } Tagen.

## Zwei-Faktor-Anmeldung.

page-two-factor-codes = Ihre Wiederherstellungscodes
page-two-factor-codes-how = (nur jetzt angezeigt): Jeder funktioniert einmal anstelle eines Codes aus Ihrer App, falls Sie Ihr Gerät verlieren. Drucken Sie sie aus oder bewahren Sie sie in Ihrem Passwortmanager auf.
page-two-factor-continue = Weiter
page-two-factor-required = Die Administration verlangt für Ihr Konto die Zwei-Faktor-Anmeldung: Richten Sie sie ein, um fortzufahren.
page-two-factor-on = { $count ->
    [one] Die Zwei-Faktor-Anmeldung ist aktiv: Nach Ihrem Passwort geben Sie einen Code aus Ihrer Authenticator-App ein. Sie haben { $count } unbenutzten Wiederherstellungscode.
   *[other] Die Zwei-Faktor-Anmeldung ist aktiv: Nach Ihrem Passwort geben Sie einen Code aus Ihrer Authenticator-App ein. Sie haben { $count } unbenutzte Wiederherstellungscodes.
}
page-two-factor-new-codes = Neue Wiederherstellungscodes
page-two-factor-renew-code = Ein Code aus Ihrer App (die alten Wiederherstellungscodes werden ungültig)
page-two-factor-make-codes = Neue Wiederherstellungscodes erzeugen
page-two-factor-turn-off = Ausschalten
page-two-factor-off-code = Ein Code aus Ihrer App oder ein Wiederherstellungscode
page-two-factor-turn-off-button = Zwei-Faktor-Anmeldung ausschalten
page-two-factor-step-install = Installieren Sie eine Authenticator-App auf Ihrem Telefon (jede, die übliche zeitbasierte Codes unterstützt).
page-two-factor-step-scan = Scannen Sie damit diesen Code oder tippen Sie den Schlüssel unten ein.
page-two-factor-step-enter = Geben Sie den sechsstelligen Code ein, den die App dann anzeigt.
page-two-factor-qr = QR-Code, um { $portal } zu einer Authenticator-App hinzuzufügen
page-two-factor-key = Schlüssel:
page-two-factor-code-from-app = Code aus der App
page-two-factor-turn-on = Zwei-Faktor-Anmeldung einschalten
page-two-factor-back = Zurück zu Sicherheit
page-two-factor-enter-code = Geben Sie den sechsstelligen Code ein, den Ihre Authenticator-App für { $portal } anzeigt. Gerät verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.
page-two-factor-code = Code
page-two-factor-restart = Neu mit dem Passwort beginnen
page-two-factor-password-first = Melden Sie sich zuerst mit Ihrem Passwort an (der Code muss innerhalb von fünf Minuten folgen).
page-two-factor-recovery-used = { $count ->
    [one] Sie haben sich mit einem Wiederherstellungscode angemeldet; { $count } ist noch übrig. Erzeugen Sie auf der Seite „Sicherheit“ neue, wenn sie knapp werden, und richten Sie dort Ihr neues Gerät ein.
   *[other] Sie haben sich mit einem Wiederherstellungscode angemeldet; { $count } sind noch übrig. Erzeugen Sie auf der Seite „Sicherheit“ neue, wenn sie knapp werden, und richten Sie dort Ihr neues Gerät ein.
}
page-two-factor-now-on = Die Zwei-Faktor-Anmeldung ist aktiv. Ab jetzt geben Sie nach Ihrem Passwort einen Code aus Ihrer App ein.
page-two-factor-now-off = Die Zwei-Faktor-Anmeldung ist ausgeschaltet.
form-two-factor-wrong-code-setup = Dieser Code stimmt nicht. Geben Sie die sechs Ziffern ein, die die App jetzt anzeigt.
form-two-factor-wrong-code = Dieser Code stimmt nicht. Geben Sie die sechs Ziffern ein, die Ihre Authenticator-App jetzt anzeigt, oder einen Ihrer Wiederherstellungscodes.
form-two-factor-reused = Dieser Code wurde bereits verwendet. Warten Sie auf den nächsten (alle 30 Sekunden erscheint ein neuer).
form-two-factor-not-enrolled = Für dieses Konto ist keine Zwei-Faktor-Anmeldung eingerichtet.
form-two-factor-already-on = Die Zwei-Faktor-Anmeldung ist bereits aktiv; schalten Sie sie zuerst aus, um ein anderes Gerät einzurichten.
form-two-factor-required = Die Administration verlangt für Ihr Konto die Zwei-Faktor-Anmeldung; sie lässt sich daher nicht ausschalten.
form-two-factor-not-offered = Für Ihre Kontoart wird keine Zwei-Faktor-Anmeldung angeboten.
form-two-factor-not-offered-page = Für Ihre Kontoart wird keine Zwei-Faktor-Anmeldung angeboten.
form-two-factor-unreadable = Das Zwei-Faktor-Geheimnis lässt sich mit dem Schlüssel dieses Servers (server.secret_key) nicht lesen; die Administration kann die Zwei-Faktor-Anmeldung für das Konto zurücksetzen.

## Eine Liste einladen.

page-bulk-intro = Bis zu 10.000 Eingeladene aus einer CSV-Datei (eine Spalte email, dazu optional name und language; getrennt durch Kommas, Semikolons oder Tabulatoren; mit oder ohne Kopfzeile) oder aus einer JSON-Liste von Objekten mit denselben Namen. „Liste prüfen“ nennt jede Zeile, die nicht eingeladen werden kann, mit ihrer Zeilennummer und sendet nichts; „Einladungen senden“ lädt alle übrigen Zeilen ein. Jede eingeladene Person erhält eine eigene Nachricht, nur an sie adressiert.
page-bulk-checked = { $count ->
    [one] Geprüft: { $count } Zeile
   *[other] Geprüft: { $count } Zeilen
}
page-bulk-sent = { $count ->
    [one] Gesendet: { $count } Zeile
   *[other] Gesendet: { $count } Zeilen
}
page-bulk-valid = { $count ->
    [one] { $count } Zeile kann eingeladen werden; es wurde nichts gesendet.
   *[other] { $count } Zeilen können eingeladen werden; es wurde nichts gesendet.
}
page-bulk-replayed = Diese Liste wurde mit diesem Formular bereits gesendet; es wurde nichts erneut gesendet.
page-bulk-queued = { $count ->
    [one] { $count } Person ist eingereiht
   *[other] { $count } Personen sind eingereiht
}, { $invitations ->
    [one] in { $invitations } Einladung.
   *[other] in { $invitations } Einladungen.
}
page-bulk-follow = Zustellung verfolgen
page-bulk-all-valid = Alle Zeilen können eingeladen werden.
page-bulk-left-out = { $count ->
    [one] Ausgelassen: { $count } Zeile.
   *[other] Ausgelassen: { $count } Zeilen.
}
page-bulk-line = Zeile
page-bulk-entry = Eintrag
page-bulk-address = Adresse
page-bulk-problem = Problem
page-bulk-file = Die Liste (CSV- oder JSON-Datei)
page-bulk-file-hint = Ein Browser behält eine gewählte Datei nie: Wählen Sie sie nach einer Prüfung erneut aus.
page-bulk-paste = Oder die Liste einfügen
page-bulk-paste-label = Eine Person pro Zeile: Adresse, Name, Sprache
page-bulk-check = Liste prüfen
page-bulk-unreadable-title = Das Formular konnte nicht gelesen werden
page-bulk-unreadable = { $why }; es wurde nichts gesendet.
page-bulk-progress-title = Zustellung einer Liste
page-bulk-progress-none = Mit diesem Formular wurde keine Liste gesendet.
page-bulk-progress-summary = { $count ->
    [one] { $count } eingeladene Person
   *[other] { $count } eingeladene Personen
} { $invitations ->
    [one] in { $invitations } Einladung.
   *[other] in { $invitations } Einladungen.
}
page-bulk-progress-waiting = { $count ->
    [one] { $count } Nachricht ist noch unterwegs; diese Seite aktualisiert sich alle 5 Sekunden.
   *[other] { $count } Nachrichten sind noch unterwegs; diese Seite aktualisiert sich alle 5 Sekunden.
}
page-bulk-progress-done = Alle Nachrichten sind verschickt.
page-bulk-invitees = Eingeladene
page-bulk-another = Eine weitere Liste einladen
form-list-too-large = Die Liste ist größer als 4 MiB: Teilen Sie sie in mehrere auf.
form-list-both = Wählen Sie eine Datei oder fügen Sie eine Liste ein, nicht beides.
form-list-none = Wählen Sie eine Datei mit der Liste oder fügen Sie sie ein.
form-row-language = „{ $code }“ ist keine Sprache, in der Einladungen geschrieben werden ({ $languages }).
form-row-own-address = Das ist Ihre eigene Adresse.
form-row-has-account = Hat bereits ein Konto bei diesem Portal.
form-row-group-address = Sieht nach einer Gruppenadresse aus: Alle darauf erhielten denselben Link.
