
## Die Administrationskonsole.

page-console-settings = Einstellungen
page-settings-portal-name = Name des Portals
page-settings-default-language = Standardsprache
page-settings-default-language-hint = Für Seiten, deren Browser keine der Sprachen des Portals anfragt, und für Einladungen, bei denen die absendende Person keine wählt. Alle können die Sprache unten auf jeder Seite wechseln; jede Einladung kann in ihrer eigenen Sprache verschickt werden.
page-console-invitations = Einladungen
page-settings-internal-may-invite = Interne Benutzerinnen und Benutzer dürfen Einladungen senden (die eigene Erlaubnis oder Sperre einer Person hat Vorrang)
page-settings-new-user-setting = Neue interne Konten beginnen mit
page-settings-inherit = übernehmen (folgt dem Schalter oben)
page-settings-allow = erlauben
page-settings-deny = sperren
page-settings-renewal = Die Seite eines abgelaufenen Einladungslinks
page-settings-renewal-ask = bietet an, die einladende Person um einen neuen Link zu bitten
page-settings-renewal-automatic = bietet sofort einen neuen Link an (einmal je eingeladener Person)
page-settings-renewal-off = bietet nichts an
page-settings-max-recipients = Höchstzahl der Empfänger je Einladung
page-settings-allowed-domains = Nur diese Empfängerdomänen (eine pro Zeile; leer: alle)
page-settings-denied-domains = Nie diese Empfängerdomänen (eine pro Zeile)
page-settings-own-domains = Die eigenen Maildomänen der Organisation (eine pro Zeile)
page-settings-own-domains-hint = Ist Active Directory eingerichtet, wird eine Adresse in diesen Domänen, die das Verzeichnis nicht kennt, abgelehnt – außer es ist unten erlaubt.
page-settings-allow-unknown = Solche unbekannten Adressen als externe Personen einladen
page-settings-group-patterns = Gruppenadressen (eine pro Zeile)
page-settings-group-patterns-hint = Adressen, die eine Gruppe oder Verteilerliste erreichen, bei der sich alle einen Link teilen würden: ein Name mit @ dahinter (all@ oder team-*@, in jeder Domäne) oder eine ganze Adresse mit * (list-*@example.org). Das Formular fragt nach, bevor an eine solche gesendet wird; mit Active Directory zählen auch dessen Gruppen.
page-settings-link-lifetime = Gültigkeit des Aktivierungslinks (Tage)
page-settings-other-options = Weitere Zustelloptionen
page-settings-notify-created = Mich benachrichtigen, wenn das Konto angelegt ist
page-settings-link-only = Einladungen nur als Link
page-settings-link-only-hint = Es geht keine E-Mail hinaus: Nach dem Senden sieht die absendende Person den Link jeder eingeladenen Person einmal und gibt ihn über ihre eigene Mail weiter. Wer einen Link hat, kann das Konto anlegen; bieten Sie das daher nur Personen an, denen Sie die Postfächer ihrer Eingeladenen anvertrauen. Solche Einladungen tragen keine Dateien, schicken keine Kopie und erinnern nie.
page-settings-link-only-option = Links anzeigen statt sie per E-Mail zu senden
page-settings-quotas = Kontingente (0: unbegrenzt)
page-settings-quotas-hint = Wie viel eine Person senden darf. Empfänger in 24 Stunden zählen Einladungen und Dateien gleichermaßen; wartende Einladungen zählen die Eingeladenen, die noch kein Konto angelegt haben, solange der Link gilt. Das eigene Kontingent einer Person (unter „Benutzer“) hat Vorrang.
page-settings-quota-internal-per-day = Beschäftigte: Empfänger in 24 Stunden
page-settings-quota-internal-pending = Beschäftigte: gleichzeitig wartende Einladungen
page-settings-quota-external-per-day = Drop-Off-Konten: Empfänger von Dateien in 24 Stunden
page-settings-reminders = Erinnerungen
page-settings-reminders-hint = Eingeladene, die noch kein Konto angelegt haben, werden erinnert, jedes Mal mit einem weiteren eigenen Link, der mit dem ersten endet. Absendende können Erinnerungen für eine Einladung abschalten, sofern das nicht gesperrt ist.
page-settings-reminder-at = Wann, in Prozent der Gültigkeit des Links (höchstens zwei Werte; leer: keine Erinnerungen, auch keine bereits geplanten)
page-settings-attachment-lifetime = Aufbewahrung der Anhänge (Tage)
page-settings-downloads-per-file = Downloads je Datei
page-settings-max-file = Größte Datei (MiB)
page-settings-max-total = Größte Gesamtmenge je Nachricht (MiB)
page-settings-max-files = Höchstzahl der Dateien je Nachricht
page-settings-blocked-extensions = Abgelehnte Dateiendungen (durch Leerzeichen getrennt)
page-settings-download-requires-account = Empfänger müssen vor dem Herunterladen ihr Konto anlegen und sich anmelden
page-settings-dropoff-to-anyone = Drop-Off-Konten dürfen Dateien an alle senden (sonst nur an Beschäftigte)
page-settings-accounts = Konten
page-settings-approval = Neue Konten warten auf die Freigabe durch die Administration
page-settings-expire-inactive = Drop-Off-Konten deaktivieren, die so viele Tage ungenutzt sind (0: nie)
page-settings-warn-days = Drop-Off-Konten so viele Tage vorher per E-Mail warnen (0: keine Warnung)
page-settings-sponsor-left = Wenn die betreuende Person eines Gasts geht (deaktiviert, gelöscht oder aus dem Verzeichnis verschwunden)
page-settings-sponsor-left-review = Gast ohne Betreuung behalten, bis die Administration ihn übergibt
page-settings-sponsor-left-disable = Gast deaktivieren
page-settings-password-min = Mindestlänge des Passworts
page-settings-password-upper = Passwörter brauchen einen Großbuchstaben
page-settings-password-lower = … einen Kleinbuchstaben
page-settings-password-digit = … eine Ziffer
page-settings-password-symbol = … ein Sonderzeichen
page-settings-password-common = Gängige Passwörter ablehnen
page-settings-two-factor-admins = Die Administration muss sich an der Konsole mit zwei Faktoren anmelden
page-settings-two-factor-staff = Konten von Beschäftigten
page-settings-two-factor-dropoff = Drop-Off-Konten
page-settings-two-factor-hint = Verlangt: Die Personen richten sie bei der nächsten Anmeldung ein (ein neues Drop-Off-Konto direkt nach der Aktivierung) und erreichen bis dahin nichts anderes.
page-settings-token-default = Tage, die ein neues API-Token gilt, sofern die Inhaberin oder der Inhaber nicht weniger wählt
page-settings-token-max = Längste wählbare Gültigkeit, in Tagen
page-settings-save = Einstellungen speichern
page-settings-rule-offered = Den Absendenden angeboten
page-settings-rule-locked = Auf den Standard festgelegt
page-settings-rule-default = Standard
page-settings-rule-min = Minimum
page-settings-rule-max = Maximum
page-settings-option-offered = „{ $option }“ angeboten
page-settings-option-on-by-default = … standardmäßig an
page-settings-option-locked = … auf den Standard festgelegt
page-settings-two-factor-off = Aus
page-settings-two-factor-optional = Freiwillig: jede Person entscheidet
page-settings-two-factor-required = Verlangt
page-settings-unchanged = Nichts geändert.
page-settings-saved-changes = { $count ->
    [one] Einstellungen gespeichert: { $count } Änderung, im Prüfprotokoll festgehalten.
   *[other] Einstellungen gespeichert: { $count } Änderungen, im Prüfprotokoll festgehalten.
}
page-console-title = Administration
page-console-users = Benutzer
page-console-templates = Vorlagen
page-console-report = Bericht
page-console-webhooks = Webhooks
page-console-audit = Prüfprotokoll
page-console-sign-in-title = Anmeldung zur Administration
page-console-sign-in-email = E-Mail-Adresse der Administration
page-console-sign-in-button = Bei der Administration anmelden
form-console-sign-in-invalid = Die Zugangsdaten der Administration sind falsch.
page-console-pending = { $count ->
    [one] { $count } Konto wartet auf Freigabe
   *[other] { $count } Konten warten auf Freigabe
}
page-console-pending-many = { $count } oder mehr Konten warten auf Freigabe
page-console-none-pending = Kein Konto wartet auf Freigabe.
page-console-unsponsored = { $count ->
    [one] { $count } Drop-Off-Konto hat keine betreuende Person
   *[other] { $count } Drop-Off-Konten haben keine betreuende Person
}
page-console-unsponsored-how = Die betreuende Person ist gegangen: Weisen Sie jeweils eine neue zu oder deaktivieren Sie das Konto.
page-console-storage-title = Speicher
page-console-storage = { $count ->
    [one] { $count } Datei an Nachrichten angehängt
   *[other] { $count } Dateien an Nachrichten angehängt
}, insgesamt { $size }; der Anhangspeicher belegt { $disk }. Abgelaufene Dateien werden automatisch gelöscht.

## Benutzer.

page-users-search = Nach Adresse oder Name suchen
page-users-kind = Art
page-users-any = alle
page-users-kind-staff = Beschäftigte
page-users-kind-dropoff = Drop-Off
page-users-kind-admin = Administration
page-users-status-active = aktiv
page-users-status-pending = wartet auf Freigabe
page-users-status-disabled = deaktiviert
page-users-guests-of = Gäste von (Adresse der betreuenden Person oder „none“)
page-users-search-button = Suchen
page-users-user = Person
page-users-last-used = Zuletzt genutzt
page-users-invitations-or-sponsor = Einladungen oder Betreuung
page-users-sponsor = Betreut von: { $sponsor }
page-users-no-sponsor = Keine Betreuung
page-users-new-sponsor-of = Neue betreuende Person für { $email } (Adresse einer beschäftigten Person)
page-users-staff-address = Adresse einer beschäftigten Person
page-users-set-sponsor = Betreuung festlegen
page-users-permission-of = Einladungserlaubnis von { $email }
page-users-set = Festlegen
page-users-may-invite = wirksam: darf einladen
page-users-may-not-invite = wirksam: darf nicht einladen
page-users-approve = Freigeben
page-users-reject-action = Ablehnen
page-users-enable = Aktivieren
page-users-disable-action = Deaktivieren
page-users-reset-action = Zwei-Faktor zurücksetzen
page-users-quota-day = Pro Tag
page-users-quota-waiting = Wartend
page-users-set-quota = Kontingent festlegen
page-users-usual-quota = üblich: { $day } pro Tag, { $waiting } wartend; beides leer: das übliche
page-users-no-limit = unbegrenzt
page-users-none = Keine Treffer.
page-users-first-page = Erste Seite
page-users-next-page = Nächste Seite
page-users-never = nie angemeldet
page-users-deleted = (gelöscht)
page-users-no-such-address = Niemand hat die Adresse „{ $text }“: Alle werden angezeigt.
page-users-not-an-address = „{ $text }“ ist keine Adresse (und nicht „none“): Alle werden angezeigt.
page-users-no-such-kind = Die Art „{ $text }“ gibt es nicht: Alle Arten werden angezeigt.
page-users-no-such-status = Den Status „{ $text }“ gibt es nicht: Alle Status werden angezeigt.
page-users-two-factor-reset = Die Zwei-Faktor-Anmeldung wurde zurückgesetzt und die Sitzungen der Person beendet: Sie meldet sich nur mit dem Passwort an und richtet sie neu ein (sofort, wo sie verlangt wird).
page-users-approved = Freigegeben: Das Konto kann sich jetzt anmelden.
page-users-rejected = Abgelehnt: Das Konto ist deaktiviert und kann sich nicht anmelden.
page-users-enabled = Aktiviert: Das Konto kann sich wieder anmelden.
page-users-disabled = Deaktiviert: Das Konto kann sich nicht anmelden, seine Sitzungen sind beendet.
page-users-permission-saved = Die Einladungserlaubnis wurde gespeichert.
page-users-sponsor-saved = Die Betreuung wurde gespeichert; die Person ist jetzt für diesen Gast zuständig.
page-users-quota-saved = Das Kontingent wurde gespeichert.
page-users-reject-title = Dieses Konto ablehnen?
page-users-reject = Das Konto von { $who } ablehnen?
page-users-reject-consequence = Das Konto wird abgelehnt: Es ist deaktiviert und kann sich nicht anmelden. Die Administration kann es später aktivieren.
page-users-reject-button = Konto ablehnen
page-users-disable-title = Dieses Konto deaktivieren?
page-users-disable = Das Konto von { $who } deaktivieren?
page-users-disable-consequence = Das Konto kann sich nicht anmelden, seine Sitzungen enden sofort und seine API-Tokens funktionieren nicht mehr. Es lässt sich wieder aktivieren.
page-users-disable-button = Konto deaktivieren
page-users-reset-title = Zwei-Faktor-Anmeldung zurücksetzen?
page-users-reset = Die Zwei-Faktor-Anmeldung von { $who } zurücksetzen?
page-users-reset-consequence = Tun Sie das für jemanden, der sein Gerät verloren hat, nachdem Sie sich vergewissert haben, dass es wirklich diese Person ist. Authenticator und Wiederherstellungscodes funktionieren nicht mehr; die Person meldet sich nur mit dem Passwort an und richtet die Zwei-Faktor-Anmeldung neu ein (sofort, wo sie verlangt wird).
page-users-reset-button = Zwei-Faktor-Anmeldung zurücksetzen

## Prüfprotokoll und Einladungsbericht.

page-console-export = Als CSV exportieren
page-audit-filter = Filter (Akteur, Aktion, Gegenstand oder Details enthalten)
page-audit-action-is = Aktion ist
page-audit-actor = Akteur
page-audit-action = Aktion
page-audit-subject = Gegenstand
page-audit-none = Keine Einträge gefunden.
page-audit-newest = Neueste Einträge
page-audit-older = Ältere Einträge
page-report-title = Einladungsbericht
page-report-hint = Was aus den in einem Zeitraum Eingeladenen geworden ist (Einladungen, keine Dateien), Stand jetzt. Die Zeit bis zur Annahme läuft von der Einladung bis zum Konto. Ein Link gilt als geöffnet, sobald seine Seite zum ersten Mal angezeigt wurde; manche Mailsysteme öffnen Links zur Prüfung.
page-report-first-day-label = Erster Tag
page-report-last-day-label = Letzter Tag
page-report-first-day = erster Tag
page-report-last-day = letzter Tag
page-report-group-by = Gruppieren nach
page-report-inviter = Einladende Person
page-report-month = Monat
page-report-week = Woche
page-report-show = Anzeigen
page-report-period = Zeitraum
page-report-group = Gruppe
page-report-invited = Eingeladen
page-report-opened = Geöffnet
page-report-accepted = Angenommen
page-report-acceptance = Annahmequote
page-report-median = Mittlere Zeit bis zur Annahme
page-report-waiting = Wartend
page-report-expired = Abgelaufen
page-report-revoked = Widerrufen
page-report-bounced = Unzustellbar
page-report-all = Alle
page-report-nobody = In diesem Zeitraum wurde niemand eingeladen.
page-report-percent = { $value } %
page-report-minutes = { $minutes } Min.
page-report-hours = { $hours } Std. { $minutes } Min.
page-report-days = { $days } T. { $hours } Std.
form-report-date = { $field }: Geben Sie ein Datum im Format JJJJ-MM-TT ein.
form-report-group-by = Gruppieren nach: einladende Person, Monat oder Woche.
form-report-last-day-too-late = Letzter Tag: Wählen Sie ein Datum vor dem 31.12.9999.
form-report-period = Wählen Sie einen Zeitraum von 1 bis 366 Tagen, der erste Tag vor dem letzten.

## Webhooks.

page-webhooks-intro = Werkzeuge Ihrer Organisation erfahren jeden Schritt im Verlauf jeder eingeladenen Person, sobald er geschieht: ein HTTP-POST mit JSON, signiert mit dem Geheimnis des Endpunkts, bei Fehlern des Endpunkts mit wachsendem Abstand wiederholt, bis zur Aufgabefrist der Zustellung. Wie ein Empfänger eine Zustellung prüft, steht im Betriebshandbuch. Der Signatur-Header:
page-webhooks-header = Postern-Signature: t=<Unix-Zeit>,v1=<HMAC-SHA256 von "t.body">
page-webhooks-secret-of = Das Geheimnis von { $url }
page-webhooks-copy-now = Kopieren Sie es jetzt in das empfangende Werkzeug:
page-webhooks-once = Es wird nur dieses eine Mal angezeigt (Postern bewahrt es versiegelt auf).
page-webhooks-secret = Geheimnis
page-webhooks-none = Noch kein Endpunkt.
page-webhooks-endpoint = Endpunkt
page-webhooks-events = Ereignisse
page-webhooks-last = Letzte Zustellung
page-webhooks-remove = Entfernen
page-webhooks-add = Einen Endpunkt hinzufügen
page-webhooks-address = Adresse (https://…)
page-webhooks-add-button = Endpunkt hinzufügen
page-webhooks-none-yet = noch keine
page-webhooks-failed = { $at } · fehlgeschlagen: { $outcome }
page-webhooks-failed-since = { $at } · fehlgeschlagen: { $outcome } · zuletzt erfolgreich { $success }
page-webhooks-remove-title = Diesen Endpunkt entfernen?
page-webhooks-remove-question = { $url } entfernen?
page-webhooks-remove-consequence = Es wird nichts mehr dorthin zugestellt, auch nicht die noch wartenden Zustellungen.
page-webhooks-removed = Der Endpunkt wurde entfernt.

## Vorlagen.

page-template-invitation = Einladung (oberer Teil)
page-template-internal-invitation = Einladung an Beschäftigte (oberer Teil)
page-template-subject = Betreff der Einladung
page-template-welcome = Willkommensnachricht
page-template-accepted = Einladung angenommen
page-template-delivery-failed = Zustellung fehlgeschlagen
page-template-languages = Sprachen dieser Vorlage
page-template-own = Ihr eigener Text
page-template-default-language = kein eigener: Ihr Text auf { $language } wird verwendet
page-template-builtin = der mitgelieferte Text
page-template-placeholders = Platzhalter:
page-template-text = Text ({ $language })
page-template-preview = Vorschau
page-template-save = Vorlage speichern
page-template-remove = Ihren Text auf { $language } entfernen
page-template-preview-title = Vorschau mit Beispielwerten
page-template-preview-hint = So liest ihn eine Empfängerin oder ein Empfänger auf { $language }, in der Text- und der HTML-Fassung der E-Mail gleichermaßen (der Rest der E-Mail – Anrede, Links, Ablauf – kommt in derselben Sprache dazu).
page-template-unknown-title = Diese Vorlage gibt es nicht
page-template-unknown = Es gibt keine Vorlage namens „{ $name }“.
page-template-unknown-language = Vorlagen gibt es auf { $languages }; „{ $code }“ gehört nicht dazu.
page-template-saved = { $template } ({ $language }) gespeichert; die nächsten Nachrichten verwenden sie.
page-template-removed = { $template } ({ $language }): Ihr Text ist entfernt; jetzt gilt: { $origin }.
form-template-subject = Der Betreff wäre ungültig: { $reason }
