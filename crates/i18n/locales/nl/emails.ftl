## De e-mails. Onderwerpregels eindigen op -subject, linkteksten op -link.

email-create-heading = Maak uw account aan:
email-create-button = Account aanmaken
email-activate-heading = Activeer uw toegang:
email-activate-button = Toegang activeren
email-internal-how = Log daar in met de gebruikersnaam en het wachtwoord die u altijd bij uw organisatie gebruikt (dezelfde als voor uw computer en e-mail); u hoeft geen nieuw wachtwoord te kiezen.
email-link-personal-expiry = Deze link is persoonlijk: stuur hem niet door. Hij werkt één keer en verloopt op { $expiry }.
email-username = Uw gebruikersnaam wordt { $address }.
email-copy-address = Of kopieer dit adres naar uw browser:
email-files-for-you = { $count ->
    [one] Een bestand voor u, beschikbaar tot { $expiry }:
   *[other] { $count } bestanden voor u, beschikbaar tot { $expiry }:
}
email-download-with-link = Download ze met uw persoonlijke link:
email-download-files = Bestanden downloaden
email-your-personal-link = (uw persoonlijke link)

email-files-sent = { $sender } heeft u bestanden gestuurd.
email-files-list = { $count ->
    [one] Eén bestand, beschikbaar tot { $expiry }:
   *[other] { $count } bestanden, beschikbaar tot { $expiry }:
}
email-files-download-personal = Download ze met uw persoonlijke link (stuur hem niet door):
email-link-personal = Deze link is persoonlijk: stuur hem niet door.

email-copy-subject = Kopie: { $subject }
email-copy-intro-invitation = Dit is uw kopie van de uitnodiging die u hebt verstuurd. Elke ontvanger heeft een eigen, persoonlijke link gekregen.
email-copy-intro-files = Dit is uw kopie van de bestanden die u hebt verstuurd. Elke ontvanger heeft een eigen, persoonlijke downloadlink gekregen.
email-copy-to = Aan: { $list }
email-copy-cc = Cc: { $list }
email-copy-bcc = Bcc: { $list }
email-copy-activation-link = [persoonlijke activeringslink]
email-copy-download-link = [persoonlijke downloadlink]

email-invitation-of = Uitnodiging van { $date } (‘{ $subject }’).
email-sent-on = Verstuurd op { $date } (‘{ $subject }’).
email-invitations-link = Uw uitnodigingen
email-messages-link = Uw berichten

email-accepted-subject = { $recipient } heeft uw uitnodiging aangenomen

email-downloaded-subject = { $recipient } heeft { $file } gedownload
email-downloaded-body = { $recipient } heeft { $file } gedownload.

email-renewal-subject = { $recipient } vraagt om een nieuwe uitnodigingslink
email-renewal-body = De uitnodigingslink van { $recipient } is verlopen op { $expired } en er is om een nieuwe gevraagd.
email-renewal-how = Met de knop hieronder stuurt u een nieuwe link (u bevestigt op de pagina die opent); de verlopen link blijft ingetrokken. Wilt u dat niet, dan hoeft u niets te doen.
email-renewal-link = Nieuwe link sturen

email-bounced-subject = Uw uitnodiging aan { $recipient } kon niet worden afgeleverd
email-bounced-how = Controleer het adres: u kunt een nieuwe uitnodiging naar het juiste adres sturen of deze opnieuw versturen.

email-welcome-subject = Welkom bij { $portal }
email-welcome-pending = Een beheerder beoordeelt uw account; zodra het is goedgekeurd, kunt u inloggen.
email-welcome-active = U kunt altijd inloggen met uw e-mailadres en het wachtwoord dat u hebt gekozen.
email-sign-in-link = Inloggen

email-reminder-subject = Herinnering: { $subject }
email-reminder-waiting = { $inviter } heeft u op { $sent } uitgenodigd om een account te openen op { $portal }. De uitnodiging staat nog voor u klaar.
email-reminder-internal-how = Open de link en log in met het account van uw organisatie ({ $username }) om de uitnodiging aan te nemen.
email-reminder-external-how = Open de link om uw weergavenaam en wachtwoord te kiezen; u logt in als { $username }.
email-reminder-validity = Deze link is alleen voor u en werkt tot { $expiry }. De links in de eerdere e-mails werken ook; zodra u er één hebt gebruikt, werken ze allemaal niet meer.{ $last ->
    [yes] { " " }Dit is de laatste herinnering.
   *[no] {""}
}
email-reminder-ignore = Wilt u geen account? Negeer dan dit bericht: de uitnodiging verloopt vanzelf.
email-reminder-link = Uitnodiging aannemen

email-pending-subject = Account wacht op goedkeuring: { $email }
email-pending-body = { $name } ({ $email }) heeft via een uitnodiging een account op { $portal } aangemaakt. Het wacht op goedkeuring door een beheerder.
email-review-link = Beoordelen

email-sponsor-left-subject = { $portal }: gasten zonder begeleider
email-sponsor-left-unsponsored = { $count ->
    [one] Eén Drop-Off-account op { $portal } heeft geen begeleider meer: de medewerker die ervoor verantwoordelijk was, is uitgeschakeld, verwijderd of staat niet meer in de directory. Wijs een nieuwe begeleider toe of schakel het account uit.
   *[other] { $count } Drop-Off-accounts op { $portal } hebben geen begeleider meer: de medewerker die ervoor verantwoordelijk was, is uitgeschakeld, verwijderd of staat niet meer in de directory. Wijs elk account een nieuwe begeleider toe of schakel het uit.
}
email-sponsor-left-disabled = { $count ->
    [one] Eén Drop-Off-account is uitgeschakeld omdat de begeleider is vertrokken (de regel in Instellingen).
   *[other] { $count } Drop-Off-accounts zijn uitgeschakeld omdat de begeleider is vertrokken (de regel in Instellingen).
}
email-review-them-link = Beoordelen

email-hello = Beste { $name },
email-inactivity-subject = Uw account op { $portal } wordt op { $date } uitgeschakeld
email-inactivity-body = uw Drop-Off-account op { $portal } is al een tijd niet gebruikt en wordt daarom op { $date } uitgeschakeld, tenzij u vóór die tijd inlogt. Eén keer inloggen is genoeg om het te houden.
email-inactivity-ignore = Hebt u het niet meer nodig? Dan hoeft u niets te doen.

email-rejected-subject = Uw account op { $portal } is niet goedgekeurd
email-rejected-body = een beheerder heeft uw account niet goedgekeurd. Denkt u dat dit een vergissing is? Neem dan contact op met degene die u heeft uitgenodigd.
email-portal-link = Naar het portaal
