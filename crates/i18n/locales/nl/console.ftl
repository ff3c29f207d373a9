
## De beheerconsole.

page-console-settings = Instellingen
page-settings-portal-name = Naam van het portaal
page-settings-default-language = Standaardtaal
page-settings-default-language-hint = De taal van pagina's voor mensen van wie de browser om geen van de talen van het portaal vraagt, en van uitnodigingen waarvoor de afzender geen taal kiest. Iedereen kan onderaan elke pagina van taal wisselen; elke uitnodiging kan in een eigen taal worden verstuurd.
page-console-invitations = Uitnodigingen
page-settings-internal-may-invite = Interne gebruikers mogen uitnodigingen versturen (wat voor een gebruiker zelf is toegestaan of verboden, gaat voor)
page-settings-new-user-setting = Nieuwe interne gebruikers beginnen met
page-settings-inherit = overnemen (volgt de schakelaar hierboven)
page-settings-allow = toestaan
page-settings-deny = verbieden
page-settings-renewal = De pagina van een verlopen uitnodigingslink
page-settings-renewal-ask = biedt aan de afzender om een nieuwe link te vragen
page-settings-renewal-automatic = biedt meteen een nieuwe link (één keer per genodigde)
page-settings-renewal-off = biedt niets
page-settings-max-recipients = Maximumaantal ontvangers per uitnodiging
page-settings-allowed-domains = Alleen deze ontvangerdomeinen (één per regel; leeg: alle)
page-settings-denied-domains = Nooit deze ontvangerdomeinen (één per regel)
page-settings-own-domains = De eigen maildomeinen van de organisatie (één per regel)
page-settings-own-domains-hint = Met Active Directory ingesteld wordt een adres in deze domeinen dat de directory niet kent geweigerd, tenzij dat hieronder is toegestaan.
page-settings-allow-unknown = Zulke onbekende adressen als externe personen uitnodigen
page-settings-group-patterns = Groepsadressen (één per regel)
page-settings-group-patterns-hint = Adressen die een groep of distributielijst bereiken, waar iedereen één link zou delen: een naam gevolgd door @ (all@ of team-*@, in elk domein) of een volledig adres met * (list-*@example.org). Het formulier vraagt om bevestiging voordat daarnaar wordt verstuurd; met Active Directory tellen ook de groepen daarvan.
page-settings-link-lifetime = Geldigheid van de activeringslink (dagen)
page-settings-other-options = Andere bezorgopties
page-settings-notify-created = Laat het me weten als het account is aangemaakt
page-settings-link-only = Uitnodigingen alleen als link
page-settings-link-only-hint = Er gaat geen e-mail uit: na het versturen ziet de afzender de link van elke genodigde één keer en geeft die via de eigen mail door. Wie een link heeft, kan het account aanmaken; bied dit dus alleen aan afzenders aan wie u de mailboxen van hun genodigden toevertrouwt. Zulke uitnodigingen bevatten geen bestanden, sturen geen kopie en krijgen nooit herinneringen.
page-settings-link-only-option = Toon mij de links in plaats van ze te e-mailen
page-settings-quotas = Quota (0: geen limiet)
page-settings-quotas-hint = Hoeveel één persoon mag versturen. Ontvangers in 24 uur tellen uitnodigingen en bestanden gelijk; wachtende uitnodigingen tellen de genodigden die nog geen account hebben aangemaakt zolang de link geldig is. Het eigen quotum van een gebruiker (Gebruikers) gaat voor.
page-settings-quota-internal-per-day = Medewerkers: ontvangers in 24 uur
page-settings-quota-internal-pending = Medewerkers: tegelijk wachtende uitnodigingen
page-settings-quota-external-per-day = Drop-Off-accounts: ontvangers van bestanden in 24 uur
page-settings-reminders = Herinneringen
page-settings-reminders-hint = Genodigden die nog geen account hebben aangemaakt, krijgen een herinnering, telkens met een eigen extra link die samen met de eerste verloopt. Afzenders kunnen herinneringen voor een uitnodiging uitzetten, tenzij dat vergrendeld is.
page-settings-reminder-at = Wanneer, in procenten van de geldigheid van de link (hoogstens twee waarden; leeg: geen herinneringen, ook niet de al geplande)
page-settings-attachment-lifetime = Bewaartermijn van bijlagen (dagen)
page-settings-downloads-per-file = Downloads per bestand
page-settings-max-file = Grootste bestand (MiB)
page-settings-max-total = Grootste totaal per bericht (MiB)
page-settings-max-files = Maximumaantal bestanden per bericht
page-settings-blocked-extensions = Geweigerde bestandsextensies (gescheiden door spaties)
page-settings-download-requires-account = Ontvangers moeten hun account aanmaken en inloggen voordat ze downloaden
page-settings-dropoff-to-anyone = Drop-Off-accounts mogen bestanden naar iedereen sturen (anders alleen naar medewerkers)
page-settings-accounts = Accounts
page-settings-approval = Nieuwe accounts wachten op goedkeuring door een beheerder
page-settings-expire-inactive = Drop-Off-accounts uitschakelen die zoveel dagen ongebruikt zijn (0: nooit)
page-settings-warn-days = Drop-Off-accounts zoveel dagen vooraf per e-mail waarschuwen (0: geen waarschuwing)
page-settings-sponsor-left = Als de begeleider van een gast vertrekt (uitgeschakeld, verwijderd of uit de directory verdwenen)
page-settings-sponsor-left-review = De gast zonder begeleider houden tot een beheerder hem overdraagt
page-settings-sponsor-left-disable = De gast uitschakelen
page-settings-password-min = Minimale lengte van het wachtwoord
page-settings-password-upper = Wachtwoorden hebben een hoofdletter nodig
page-settings-password-lower = … een kleine letter
page-settings-password-digit = … een cijfer
page-settings-password-symbol = … een symbool
page-settings-password-common = Veelgebruikte wachtwoorden weigeren
page-settings-two-factor-admins = Beheerders moeten voor de console tweestapsaanmelding gebruiken
page-settings-two-factor-staff = Accounts van medewerkers
page-settings-two-factor-dropoff = Drop-Off-accounts
page-settings-two-factor-hint = Verplicht: mensen stellen het in bij hun volgende aanmelding (een nieuw Drop-Off-account direct na de activering) en bereiken tot die tijd niets anders.
page-settings-token-default = Dagen dat een nieuw API-token werkt, tenzij de eigenaar minder kiest
page-settings-token-max = Langste geldigheid die een eigenaar mag kiezen, in dagen
page-settings-save = Instellingen opslaan
page-settings-rule-offered = Aangeboden aan afzenders
page-settings-rule-locked = Vastgezet op de standaard
page-settings-rule-default = Standaard
page-settings-rule-min = Minimum
page-settings-rule-max = Maximum
page-settings-option-offered = ‘{ $option }’ aangeboden
page-settings-option-on-by-default = … standaard aan
page-settings-option-locked = … vastgezet op de standaard
page-settings-two-factor-off = Uit
page-settings-two-factor-optional = Optioneel: ieder kiest zelf
page-settings-two-factor-required = Verplicht
page-settings-unchanged = Er is niets gewijzigd.
page-settings-saved-changes = { $count ->
    [one] Instellingen opgeslagen: { $count } wijziging, vastgelegd in het auditlogboek.
   *[other] Instellingen opgeslagen: { $count } wijzigingen, vastgelegd in het auditlogboek.
}
page-console-title = Beheer
page-console-users = Gebruikers
page-console-templates = Sjablonen
page-console-report = Rapport
page-console-webhooks = Webhooks
page-console-audit = Auditlogboek
page-console-sign-in-title = Inloggen bij het beheer
page-console-sign-in-email = E-mailadres van de beheerder
page-console-sign-in-button = Inloggen bij het beheer
form-console-sign-in-invalid = onjuiste beheerdersgegevens
page-console-pending = { $count ->
    [one] { $count } account wacht op goedkeuring
   *[other] { $count } accounts wachten op goedkeuring
}
page-console-pending-many = { $count } of meer accounts wachten op goedkeuring
page-console-none-pending = Er wacht geen account op goedkeuring.
page-console-unsponsored = { $count ->
    [one] { $count } Drop-Off-account heeft geen begeleider
   *[other] { $count } Drop-Off-accounts hebben geen begeleider
}
page-console-unsponsored-how = Hun begeleider is vertrokken: wijs elk een nieuwe toe of schakel ze uit.
page-console-storage-title = Opslag
page-console-storage = { $count ->
    [one] { $count } bestand bij berichten gevoegd
   *[other] { $count } bestanden bij berichten gevoegd
}, samen { $size }; de bijlagenopslag gebruikt { $disk }. Verlopen bestanden worden automatisch verwijderd.

## Gebruikers.

page-users-search = Zoeken op adres of naam
page-users-kind = Soort
page-users-any = alle
page-users-kind-staff = medewerker
page-users-kind-dropoff = Drop-Off
page-users-kind-admin = beheerder
page-users-status-active = actief
page-users-status-pending = wacht op goedkeuring
page-users-status-disabled = uitgeschakeld
page-users-guests-of = Gasten van (adres van een begeleider, of ‘none’)
page-users-search-button = Zoeken
page-users-user = Gebruiker
page-users-last-used = Laatst gebruikt
page-users-invitations-or-sponsor = Uitnodigingen of begeleider
page-users-sponsor = Begeleider: { $sponsor }
page-users-no-sponsor = Geen begeleider
page-users-new-sponsor-of = Nieuwe begeleider van { $email } (adres van een medewerker)
page-users-staff-address = adres van een medewerker
page-users-set-sponsor = Begeleider instellen
page-users-permission-of = Uitnodigingsrecht van { $email }
page-users-set = Instellen
page-users-may-invite = geldend: mag uitnodigen
page-users-may-not-invite = geldend: mag niet uitnodigen
page-users-approve = Goedkeuren
page-users-reject-action = Afwijzen
page-users-enable = Inschakelen
page-users-disable-action = Uitschakelen
page-users-reset-action = Tweestaps herstellen
page-users-quota-day = Per dag
page-users-quota-waiting = Wachtend
page-users-set-quota = Quotum instellen
page-users-usual-quota = gebruikelijk: { $day } per dag, { $waiting } wachtend; beide leeg: het gebruikelijke
page-users-no-limit = geen limiet
page-users-none = Geen gebruikers gevonden.
page-users-first-page = Eerste pagina
page-users-next-page = Volgende pagina
page-users-never = nooit ingelogd
page-users-deleted = (verwijderd)
page-users-no-such-address = Niemand heeft het adres ‘{ $text }’: alle gebruikers worden getoond.
page-users-not-an-address = ‘{ $text }’ is geen adres (en geen ‘none’): alle gebruikers worden getoond.
page-users-no-such-kind = De soort ‘{ $text }’ bestaat niet: alle soorten worden getoond.
page-users-no-such-status = De status ‘{ $text }’ bestaat niet: alle statussen worden getoond.
page-users-two-factor-reset = De tweestapsaanmelding is hersteld en de sessies van de persoon zijn beëindigd: die logt in met alleen het wachtwoord en stelt het opnieuw in (meteen, waar het verplicht is).
page-users-approved = Goedgekeurd: het account kan nu inloggen.
page-users-rejected = Afgewezen: het account is uitgeschakeld en kan niet inloggen.
page-users-enabled = Ingeschakeld: het account kan weer inloggen.
page-users-disabled = Uitgeschakeld: het account kan niet inloggen en de sessies zijn beëindigd.
page-users-permission-saved = Het uitnodigingsrecht is opgeslagen.
page-users-sponsor-saved = De begeleider is opgeslagen en staat nu in voor deze gast.
page-users-quota-saved = Het quotum is opgeslagen.
page-users-reject-title = Dit account afwijzen?
page-users-reject = Het account van { $who } afwijzen?
page-users-reject-consequence = Het account wordt geweigerd: het is uitgeschakeld en kan niet inloggen. Een beheerder kan het later inschakelen.
page-users-reject-button = Account afwijzen
page-users-disable-title = Dit account uitschakelen?
page-users-disable = Het account van { $who } uitschakelen?
page-users-disable-consequence = Het account kan niet inloggen, de sessies eindigen meteen en de API-tokens werken niet meer. Het kan weer worden ingeschakeld.
page-users-disable-button = Account uitschakelen
page-users-reset-title = Tweestapsaanmelding herstellen?
page-users-reset = De tweestapsaanmelding van { $who } herstellen?
page-users-reset-consequence = Doe dit voor iemand die het apparaat kwijt is, nadat u zeker weet dat het om die persoon gaat. De authenticator en de herstelcodes werken niet meer; de persoon logt in met alleen het wachtwoord en stelt tweestapsaanmelding opnieuw in (meteen, waar het verplicht is).
page-users-reset-button = Tweestapsaanmelding herstellen

## Auditlogboek en uitnodigingsrapport.

page-console-export = Exporteren als CSV
page-audit-filter = Filter (actor, actie, onderwerp of details bevatten)
page-audit-action-is = Actie is
page-audit-actor = Actor
page-audit-action = Actie
page-audit-subject = Onderwerp
page-audit-none = Geen vermeldingen gevonden.
page-audit-newest = Nieuwste vermeldingen
page-audit-older = Oudere vermeldingen
page-report-title = Uitnodigingsrapport
page-report-hint = Wat er van de genodigden in een periode is geworden (uitnodigingen, geen bestanden), zoals het nu staat. De tijd tot aanname loopt van de uitnodiging tot het account. Een link telt als geopend zodra zijn pagina voor het eerst is getoond; sommige mailsystemen openen links om ze te controleren.
page-report-first-day-label = Eerste dag
page-report-last-day-label = Laatste dag
page-report-first-day = eerste dag
page-report-last-day = laatste dag
page-report-group-by = Groeperen op
page-report-inviter = Afzender
page-report-month = Maand
page-report-week = Week
page-report-show = Tonen
page-report-period = Periode
page-report-group = Groep
page-report-invited = Uitgenodigd
page-report-opened = Geopend
page-report-accepted = Aangenomen
page-report-acceptance = Aanname
page-report-median = Mediane tijd tot aanname
page-report-waiting = Wachtend
page-report-expired = Verlopen
page-report-revoked = Ingetrokken
page-report-bounced = Geweigerd
page-report-all = Totaal
page-report-nobody = In deze periode is niemand uitgenodigd.
page-report-percent = { $value } %
page-report-minutes = { $minutes } min
page-report-hours = { $hours } u { $minutes } min
page-report-days = { $days } d { $hours } u
form-report-date = { $field }: vul een datum in als JJJJ-MM-DD
form-report-group-by = groeperen op: afzender, maand of week
form-report-last-day-too-late = laatste dag: kies een datum vóór 31-12-9999
form-report-period = kies een periode van 1 tot 366 dagen, met de eerste dag vóór de laatste

## Webhooks.

page-webhooks-intro = Hulpmiddelen van uw organisatie horen van elke stap in de geschiedenis van elke genodigde zodra die gebeurt: een HTTP-POST met JSON, ondertekend met het geheim van het eindpunt, met steeds langere tussenpozen opnieuw geprobeerd zolang het eindpunt faalt, tot de opgeeftermijn van de bezorging. Hoe een ontvanger een bezorging controleert, staat in de beheerhandleiding. De handtekeningheader:
page-webhooks-header = Postern-Signature: t=<Unix-tijd>,v1=<HMAC-SHA256 van "t.body">
page-webhooks-secret-of = Het geheim van { $url }
page-webhooks-copy-now = Kopieer het nu naar het ontvangende hulpmiddel:
page-webhooks-once = het wordt alleen deze keer getoond (Postern bewaart het verzegeld).
page-webhooks-secret = Geheim
page-webhooks-none = Nog geen eindpunt.
page-webhooks-endpoint = Eindpunt
page-webhooks-events = Gebeurtenissen
page-webhooks-last = Laatste bezorging
page-webhooks-remove = Verwijderen
page-webhooks-add = Een eindpunt toevoegen
page-webhooks-address = Adres (https://…)
page-webhooks-add-button = Eindpunt toevoegen
page-webhooks-none-yet = nog geen
page-webhooks-failed = { $at } · mislukt: { $outcome }
page-webhooks-failed-since = { $at } · mislukt: { $outcome } · laatst gelukt { $success }
page-webhooks-remove-title = Dit eindpunt verwijderen?
page-webhooks-remove-question = { $url } verwijderen?
page-webhooks-remove-consequence = Er wordt niets meer naartoe bezorgd, ook niet wat nog wacht.
page-webhooks-removed = Het eindpunt is verwijderd.

## Sjablonen.

page-template-invitation = Uitnodiging (bovenste deel)
page-template-internal-invitation = Uitnodiging aan medewerkers (bovenste deel)
page-template-subject = Onderwerp van de uitnodiging
page-template-welcome = Welkomstbericht
page-template-accepted = Uitnodiging aangenomen
page-template-delivery-failed = Bezorging mislukt
page-template-languages = Talen van dit sjabloon
page-template-own = uw eigen tekst
page-template-default-language = geen eigen tekst: uw tekst in het { $language } wordt gebruikt
page-template-builtin = de ingebouwde tekst
page-template-placeholders = Plaatshouders:
page-template-text = Tekst ({ $language })
page-template-preview = Voorbeeld
page-template-save = Sjabloon opslaan
page-template-remove = Uw tekst in het { $language } verwijderen
page-template-preview-title = Voorbeeld met voorbeeldwaarden
page-template-preview-hint = Zoals een ontvanger het in het { $language } leest, in de tekst- en de HTML-versie van de e-mail (de rest van de e-mail — aanhef, links, vervaldatum — komt eromheen, in dezelfde taal).
page-template-unknown-title = Dat sjabloon bestaat niet
page-template-unknown = Er is geen sjabloon met de naam ‘{ $name }’.
page-template-unknown-language = Sjablonen bestaan in { $languages }; ‘{ $code }’ hoort daar niet bij.
page-template-saved = { $template } ({ $language }) opgeslagen; de volgende berichten gebruiken het.
page-template-removed = { $template } ({ $language }): uw tekst is verwijderd; nu geldt: { $origin }.
form-template-subject = het onderwerp zou ongeldig zijn: { $reason }
