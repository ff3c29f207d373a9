## Die E-Mails. Betreffzeilen enden auf -subject, Linktexte auf -link.

email-create-heading = Konto anlegen:
email-create-button = Konto anlegen
email-activate-heading = Zugang freischalten:
email-activate-button = Zugang freischalten
email-internal-how = Melden Sie sich dort mit Ihrem gewohnten Benutzernamen und Passwort Ihrer Organisation an (denselben wie für Computer und E-Mail); ein neues Passwort brauchen Sie nicht.
email-link-personal-expiry = Dieser Link gilt nur für Sie – bitte nicht weiterleiten. Er funktioniert einmal und läuft am { $expiry } ab.
email-username = Ihr Benutzername lautet { $address }.
email-copy-address = Oder kopieren Sie diese Adresse in Ihren Browser:
email-files-for-you = { $count ->
    [one] Eine Datei für Sie, abrufbar bis { $expiry }:
   *[other] { $count } Dateien für Sie, abrufbar bis { $expiry }:
}
email-download-with-link = Laden Sie sie über Ihren persönlichen Link herunter:
email-download-files = Dateien herunterladen
email-your-personal-link = (Ihr persönlicher Link)

email-files-sent = { $sender } hat Ihnen Dateien geschickt.
email-files-list = { $count ->
    [one] Eine Datei, abrufbar bis { $expiry }:
   *[other] { $count } Dateien, abrufbar bis { $expiry }:
}
email-files-download-personal = Laden Sie sie über Ihren persönlichen Link herunter (bitte nicht weiterleiten):
email-link-personal = Dieser Link gilt nur für Sie – bitte nicht weiterleiten.

email-copy-subject = Kopie: { $subject }
email-copy-intro-invitation = Dies ist Ihre Kopie der Einladung, die Sie verschickt haben. Alle Empfängerinnen und Empfänger haben jeweils einen eigenen, persönlichen Link erhalten.
email-copy-intro-files = Dies ist Ihre Kopie der Dateien, die Sie verschickt haben. Alle Empfängerinnen und Empfänger haben jeweils einen eigenen, persönlichen Download-Link erhalten.
email-copy-to = An: { $list }
email-copy-cc = Cc: { $list }
email-copy-bcc = Bcc: { $list }
email-copy-activation-link = [persönlicher Aktivierungslink]
email-copy-download-link = [persönlicher Download-Link]

email-invitation-of = Einladung vom { $date } („{ $subject }“).
email-sent-on = Gesendet am { $date } („{ $subject }“).
email-invitations-link = Ihre Einladungen
email-messages-link = Ihre Nachrichten

email-accepted-subject = { $recipient } hat Ihre Einladung angenommen

email-downloaded-subject = { $recipient } hat { $file } heruntergeladen
email-downloaded-body = { $recipient } hat { $file } heruntergeladen.

email-renewal-subject = { $recipient } bittet um einen neuen Einladungslink
email-renewal-body = Der Einladungslink für { $recipient } ist am { $expired } abgelaufen; die Person bittet um einen neuen.
email-renewal-how = Über die Schaltfläche unten schicken Sie einen neuen Link (Sie bestätigen das auf der Seite, die sich öffnet); der abgelaufene Link bleibt gesperrt. Wenn Sie das nicht möchten, müssen Sie nichts tun.
email-renewal-link = Neuen Link senden

email-bounced-subject = Ihre Einladung an { $recipient } konnte nicht zugestellt werden
email-bounced-how = Bitte prüfen Sie die Adresse. Sie können eine neue Einladung an die richtige Adresse schicken oder diese erneut senden.

email-welcome-subject = Willkommen bei { $portal }
email-welcome-pending = Eine Administratorin oder ein Administrator prüft Ihr Konto; sobald es freigegeben ist, können Sie sich anmelden.
email-welcome-active = Sie können sich jederzeit mit Ihrer E-Mail-Adresse und dem gewählten Passwort anmelden.
email-sign-in-link = Anmelden

email-reminder-subject = Erinnerung: { $subject }
email-reminder-waiting = { $inviter } hat Sie am { $sent } eingeladen, ein Konto bei { $portal } zu eröffnen. Die Einladung wartet noch auf Sie.
email-reminder-internal-how = Öffnen Sie den Link und melden Sie sich mit dem Konto Ihrer Organisation ({ $username }) an, um die Einladung anzunehmen.
email-reminder-external-how = Öffnen Sie den Link, um Anzeigenamen und Passwort festzulegen; Ihr Benutzername lautet { $username }.
email-reminder-validity = Dieser Link gilt nur für Sie und funktioniert bis { $expiry }. Auch die Links aus den früheren E-Mails funktionieren noch; sobald Sie einen davon benutzt haben, werden alle ungültig.{ $last ->
    [yes] { " " }Dies ist die letzte Erinnerung.
   *[no] {""}
}
email-reminder-ignore = Wenn Sie kein Konto möchten, ignorieren Sie diese Nachricht einfach: Die Einladung läuft dann ab.
email-reminder-link = Einladung annehmen

email-pending-subject = Konto wartet auf Freigabe: { $email }
email-pending-body = { $name } ({ $email }) hat über eine Einladung ein Konto bei { $portal } angelegt. Es wartet auf die Freigabe durch eine Administratorin oder einen Administrator.
email-review-link = Jetzt prüfen

email-sponsor-left-subject = { $portal }: Gastkonten ohne Betreuung
email-sponsor-left-unsponsored = { $count ->
    [one] Ein Drop-Off-Konto bei { $portal } hat seine betreuende Person verloren: Die Person aus der Belegschaft, die dafür zuständig war, wurde deaktiviert, gelöscht oder hat das Verzeichnis verlassen. Weisen Sie eine neue Betreuung zu oder deaktivieren Sie das Konto.
   *[other] { $count } Drop-Off-Konten bei { $portal } haben ihre betreuende Person verloren: Die Person aus der Belegschaft, die dafür zuständig war, wurde deaktiviert, gelöscht oder hat das Verzeichnis verlassen. Weisen Sie jeweils eine neue Betreuung zu oder deaktivieren Sie die Konten.
}
email-sponsor-left-disabled = { $count ->
    [one] Ein Drop-Off-Konto wurde deaktiviert, weil seine betreuende Person nicht mehr da ist (Regel in den Einstellungen).
   *[other] { $count } Drop-Off-Konten wurden deaktiviert, weil ihre betreuende Person nicht mehr da ist (Regel in den Einstellungen).
}
email-review-them-link = Jetzt prüfen

email-hello = Guten Tag { $name },
email-inactivity-subject = Ihr Konto bei { $portal } wird am { $date } deaktiviert
email-inactivity-body = Ihr Drop-Off-Konto bei { $portal } wurde längere Zeit nicht genutzt und wird deshalb am { $date } deaktiviert, falls Sie sich nicht vorher anmelden. Eine einzige Anmeldung genügt, um es zu behalten.
email-inactivity-ignore = Wenn Sie es nicht mehr brauchen, müssen Sie nichts tun.

email-rejected-subject = Ihr Konto bei { $portal } wurde nicht freigegeben
email-rejected-body = Ihr Konto wurde von der Administration nicht freigegeben. Falls Sie das für einen Irrtum halten, wenden Sie sich an die Person, die Sie eingeladen hat.
email-portal-link = Zum Portal
