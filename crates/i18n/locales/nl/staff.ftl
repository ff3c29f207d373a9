## De pagina's van medewerkers: versturen, de lijsten van wat verstuurd is, de geschiedenis van een ontvanger.

page-back-to-portal = Terug naar het portaal
page-list-and = { $items } en { $last }

page-send-invites-title = Uitnodigingen versturen
page-send-files-title = Bestanden versturen
page-send-invites-intro = Elke ontvanger krijgt een eigen bericht met een persoonlijke link die één keer werkt, om een Drop-Off-account aan te maken. Scheid adressen met komma's of puntkomma's.
page-send-files-intro = Elke ontvanger krijgt een eigen bericht met een persoonlijke link om de bestanden te downloaden. Scheid adressen met komma's of puntkomma's.
page-send-dropoff-intro = Stuur bestanden naar mensen van de organisatie. Elke ontvanger krijgt een persoonlijke link om ze te downloaden.
page-send-not-permitted-title = Uitnodigingen zijn voor u niet ingeschakeld
page-send-not-permitted = Uw account mag geen uitnodigingen versturen. Vraag een beheerder als u dat nodig hebt.
page-send-default-message = Klik op de link hieronder om uw Drop-Off-account aan te maken. Daarmee ontvangt u de bestanden die ik u stuur en kunt u mij veilig bestanden terugsturen.
page-send-files-default-subject = Bestanden van { $name }
page-send-files-default-message = Hier zijn de bestanden.
page-send-from = Van
page-send-to = Aan
page-send-add-cc = Cc toevoegen
page-send-cc = Cc
page-send-add-bcc = Bcc toevoegen
page-send-bcc = Bcc
page-send-bcc-hint = Bcc-ontvangers worden nooit aan anderen getoond.
page-send-subject = Onderwerp
page-send-subject-hint = (tot 256 tekens)
page-send-message = Bericht
page-send-language = Taal van de e-mail
page-send-language-hint = De e-mail aan de ontvangers en de pagina die hun link opent, zijn in deze taal geschreven (de pagina kunnen zij in een andere taal zetten).
page-send-files = Bestanden
page-send-files-optional = Optioneel.
page-send-files-needed = Minstens één bestand.
page-send-files-hint = { $need } Tot { $count } bestanden, elk { $each }, samen { $total }. Ontvangers krijgen een persoonlijke downloadlink; de bestanden blijven op de server en worden nooit per e-mail verstuurd.
page-send-groups = Groepsadressen
page-send-groups-why = Deze adressen lijken op groepen of distributielijsten: iedereen op de lijst zou dezelfde link krijgen, en wie hem als eerste opent, maakt het account aan voor de hele lijst:
page-send-groups-how = Nodig de mensen erop één voor één uit, of stuur toch naar de groep.
page-send-existing = Hebben al een account
page-send-existing-why = Deze mensen hebben al een account op dit portaal; een uitnodiging zou hun alleen dat vertellen:
page-send-existing-how = Haal ze weg uit Aan, Cc en Bcc, of stuur ze toch een uitnodiging.
page-send-all-the-same = Toch naar hen versturen
page-send-options = Bezorgopties
page-send-link-lifetime = Geldigheid van de link (dagen, { $min }–{ $max })
page-send-files-lifetime = Bestanden beschikbaar gedurende (dagen, { $min }–{ $max })
page-send-download-limit = Downloads per bestand en ontvanger ({ $min }–{ $max })
page-send-notify-accept = Laat het me weten als een genodigde een account aanmaakt
page-send-reminders = Genodigden herinneren die nog geen account hebben aangemaakt
page-send-reminders-hint = Herinneringen gaan uit na { $percents } van de geldigheid van de link, elk met een extra link; zodra er één is gebruikt, werken ze allemaal niet meer.
page-send-link-only = De uitnodiging niet e-mailen: toon mij de links om zelf te versturen
page-send-link-only-hint = Na het versturen ziet u de link van elke genodigde één keer, om in uw eigen bericht te kopiëren. Geen kopie, geen herinneringen en geen bestanden bij zo'n uitnodiging.
page-send-notify-download = Laat het me weten als een ontvanger voor het eerst een bestand downloadt
page-send-copy = Stuur mij een kopie
page-send-broken-title = Het formulier is niet volledig aangekomen
page-send-broken = { $why }. Er is niets verstuurd en geen bestand bewaard; probeer het opnieuw.
page-send-invitation-sent = { $count ->
    [one] Uw uitnodiging is onderweg naar { $count } ontvanger.
   *[other] Uw uitnodiging is onderweg naar { $count } ontvangers.
}
page-send-files-sent = { $count ->
    [one] Uw bestanden zijn onderweg naar { $count } ontvanger.
   *[other] Uw bestanden zijn onderweg naar { $count } ontvangers.
}
page-send-replayed = { $count ->
    [one] Dit formulier is al op { $sent } naar { $count } ontvanger verstuurd; er is niets opnieuw verstuurd.
   *[other] Dit formulier is al op { $sent } naar { $count } ontvangers verstuurd; er is niets opnieuw verstuurd.
}
form-files-refused = { $reason }; er is geen bestand bewaard, kies de bestanden opnieuw
form-files-not-stored = de bestanden konden nu niet worden opgeslagen; er is niets verstuurd en geen bestand bewaard, probeer het zo opnieuw
form-files-not-kept = de gekozen bestanden ({ $names }) zijn niet bewaard vanwege de andere problemen in dit formulier: kies ze opnieuw voordat u verstuurt
form-file-blocked = { $name }: bestanden die eindigen op .{ $extension } worden niet aangenomen
form-file-too-large = { $name }: groter dan de limiet van { $limit } MiB per bestand
form-files-too-large = de bestanden samen zijn groter dan de limiet van { $limit } MiB
form-files-too-many = hoogstens { $count } bestanden per bericht
form-has-account = { $address } heeft al een account op dit portaal
form-group-address = { $address } lijkt op een groep of distributielijst: iedereen erop zou dezelfde link delen, en wie hem als eerste opent, maakt het account aan

page-list-title = Mijn uitnodigingen
page-list-all-title = Alle uitnodigingen
page-list-invite-a-list = Een lijst uitnodigen
page-list-none = Geen uitnodigingen.
page-list-from = Van { $sender }
page-list-sent = Verstuurd op { $date }
page-list-files-until = bestanden beschikbaar tot { $date }
page-list-link-lifetime = { $days ->
    [one] link geldig { $days } dag
   *[other] link geldig { $days } dagen
}
page-list-link-only = links aan de afzender gegeven, geen e-mail
page-list-recipient = Ontvanger
page-list-role = Veld
page-list-status = Status
page-list-details = Details
page-list-actions = Acties
page-list-internal = intern
page-list-internal-hint = Van de organisatie: activeert met de aanmelding van de organisatie
page-list-resend = Opnieuw versturen
page-list-send-link-again = Link opnieuw versturen
page-list-revoke = Intrekken
page-list-history = Geschiedenis
page-list-to-whom = aan { $address }
page-list-of-whom = van { $address }
page-list-older = Oudere uitnodigingen
page-list-sender-contains = Afzender bevat
page-list-recipient-contains = Ontvanger bevat
page-list-state = Status van de ontvanger
page-list-any-state = alle
page-list-filter = Filteren
page-list-valid-until = link geldig tot { $date }
page-list-link-shown = geen e-mail: de link is aan de afzender getoond
page-list-reminded = { $count ->
    [one] één keer herinnerd
   *[other] { $count } keer herinnerd
}
page-list-next-reminder = volgende herinnering { $date }
page-list-delivered = afgeleverd { $date }
page-list-downloaded = minstens één bestand gedownload
page-list-accepted = account aangemaakt { $date }
page-list-files-expired = de bestanden zijn verlopen
page-list-link-expired = link verlopen { $date }
page-list-revoked-by-sender = ingetrokken door de afzender
page-list-revoked-by-admin = ingetrokken door een beheerder
page-list-deferred = de mailserver wordt opnieuw geprobeerd
page-list-bounced = de mailserver heeft het bericht geweigerd
page-list-no-such-invitation = Die uitnodiging bestaat niet.
page-list-resent = Er is een nieuwe link onderweg; de eerdere links werken niet meer.
page-list-revoked = Ingetrokken: de links werken niet meer.
page-list-not-changed = Er is niets gewijzigd: { $reason }.

state-queued = In de wachtrij
state-deferred = Uitgesteld
state-sent = Verstuurd
state-delivered = Afgeleverd
state-downloaded = Gedownload
state-bounced = Geweigerd
state-accepted = Aangenomen
state-expired = Verlopen
state-revoked = Ingetrokken

page-confirm-show-link-title = Een nieuwe link tonen?
page-confirm-show-link = Een nieuwe link maken voor { $address } voor ‘{ $subject }’?
page-confirm-show-link-consequence = De nieuwe link wordt u één keer getoond, om zelf door te geven; er wordt niets gemaild. De eerdere link werkt meteen niet meer.
page-confirm-show-link-button = Nieuwe link tonen
page-confirm-resend-title = Een nieuwe link sturen?
page-confirm-resend = { $address } een nieuwe link sturen voor ‘{ $subject }’?
page-confirm-resend-consequence = Er gaat een nieuw bericht met een nieuwe activeringslink uit; de eerdere link werkt meteen niet meer.
page-confirm-resend-files-consequence = Er gaat een nieuw bericht met een nieuwe downloadlink uit; de eerdere link werkt meteen niet meer.
page-confirm-resend-button = Nieuwe link sturen
page-confirm-revoke-title = Deze link intrekken?
page-confirm-revoke = De link aan { $address } voor ‘{ $subject }’ intrekken?
page-confirm-revoke-consequence = De link werkt meteen niet meer. De ontvanger krijgt geen bericht.
page-confirm-revoke-button = Link intrekken

page-links-title = Links om door te geven
page-links-intro = Voor ‘{ $subject }’ is geen e-mail verstuurd. Kopieer elke link naar uw eigen bericht aan die persoon:
page-links-once = deze pagina toont ze maar één keer, en Postern bewaart van elke link alleen een vingerafdruk.
page-links-hint = Elke link is persoonlijk: wie hem opent, kan het account voor dat adres aanmaken. Raakt er een kwijt, gebruik dan ‘Opnieuw versturen’ bij Mijn uitnodigingen voor een nieuwe link (de oude werkt dan niet meer).
page-links-invitee = Genodigde
page-links-link = Link
page-links-until = Werkt tot
page-links-link-for = Link voor { $address }

page-history-title = Geschiedenis van { $address }
page-history-intro = ‘{ $subject }’, verstuurd op { $sent } · nu:
page-history-time = Tijd
page-history-what = Wat er gebeurde
page-history-by = Door
page-history-by-sender = de afzender
page-history-by-admin = een beheerder
page-history-by-invitee = de genodigde
page-history-by-portal = Postern
page-history-opened-hint = Een link telt als geopend zodra zijn pagina voor het eerst wordt getoond; sommige mailsystemen openen links om ze te controleren voordat de genodigde dat doet.

event-queued = in de wachtrij voor bezorging
event-link-shown = link aan de afzender getoond (geen e-mail)
event-sent = aan het mailsysteem overgedragen
event-deferred = bezorging uitgesteld, wordt later opnieuw geprobeerd
event-bounced = geweigerd door het mailsysteem
event-reminded = herinnering in de wachtrij
event-opened = link geopend
event-accepted = account aangemaakt
event-expired = link verlopen
event-revoked = ingetrokken
event-resent = nieuwe link verstuurd
event-renewal-requested = om een nieuwe link gevraagd
event-renewed = nieuwe link automatisch verstuurd
event-downloaded = bestand gedownload

## Beveiliging: sessies, tweestapsaanmelding, API-tokens.

page-security-title = Beveiliging
page-two-factor-title = Tweestapsaanmelding
page-security-two-factor-on = { $count ->
    [one] Aan: na uw wachtwoord voert u een code uit uw authenticator-app in ({ $count } herstelcode over).
   *[other] Aan: na uw wachtwoord voert u een code uit uw authenticator-app in ({ $count } herstelcodes over).
}
page-security-two-factor-manage = Tweestapsaanmelding beheren
page-security-two-factor-off = Uit. Een code uit een app op uw telefoon, gevraagd na uw wachtwoord, beschermt uw account ook als uw wachtwoord uitlekt.
page-security-two-factor-set-up = Tweestapsaanmelding instellen
page-security-where = Waar u bent ingelogd
page-security-where-account = Elke rij is een browser die bij uw account is ingelogd. Beëindig wat u niet herkent en laat het een beheerder van het portaal weten.
page-security-where-console = Elke rij is een browser die bij uw beheerconsole is ingelogd. Beëindig wat u niet herkent en laat het een beheerder van het portaal weten.
page-security-signed-in = Ingelogd
page-security-last-active = Laatst actief
page-security-from = Vanaf
page-security-browser = Browser
page-security-unknown-browser = onbekend
page-security-this-browser = deze browser
page-security-end-session = Deze sessie beëindigen
page-security-revoke-tokens = Ook al mijn API-tokens intrekken
page-security-everywhere = Overal elders uitloggen
page-security-live-tokens = { $count ->
    [one] U hebt { $count } geldig API-token.
   *[other] U hebt { $count } geldige API-tokens.
}
page-security-manage-tokens = API-tokens beheren
page-security-this-browser-problem = Dat is de sessie van deze browser: beëindig hem met Uitloggen.
page-security-session-ended = De sessie is beëindigd; die browser moet opnieuw inloggen.
page-security-session-already-ended = Die sessie was al beëindigd.
page-security-everywhere-done = { $count ->
    [one] Overal elders uitgelogd: { $count } sessie beëindigd.
   *[other] Overal elders uitgelogd: { $count } sessies beëindigd.
}
page-security-tokens-revoked = { $count ->
    [one] { $count } API-token ingetrokken.
   *[other] { $count } API-tokens ingetrokken.
}
page-tokens-intro = Hulpmiddelen zoals mail-add-ins en scripts gebruiken een persoonlijk API-token om via de Postern-API namens u te handelen. Behandel een token als een wachtwoord en trek het in als het hulpmiddel het niet meer nodig heeft.
page-tokens-api-docs = Documentatie van de API
page-tokens-new = Uw nieuwe token
page-tokens-copy-now = (kopieer het nu: het wordt maar één keer getoond):
page-tokens-name = Naam van het nieuwe token
page-tokens-name-hint = Waarvoor het wordt gebruikt, bijvoorbeeld ‘Outlook-add-in’ of ‘nachtelijk script’.
page-tokens-scope = Wat het hulpmiddel mag
page-tokens-scope-read-label = Alleen mijn uitnodigingen lezen
page-tokens-scope-send-label = Uitnodigingen lezen, versturen, opnieuw versturen en intrekken
page-tokens-days = Dagen tot het token niet meer werkt
page-tokens-days-hint = Hoogstens { $max } dagen (de limiet van de beheerder).
page-tokens-create = Token aanmaken
page-tokens-yours = Uw tokens
page-tokens-none = U hebt geen API-tokens.
page-tokens-col-name = Naam
page-tokens-col-may = Mag
page-tokens-col-created = Aangemaakt
page-tokens-col-expires = Verloopt
page-tokens-col-last-used = Laatst gebruikt
page-tokens-never = nooit
page-tokens-scope-read = lezen
page-tokens-scope-send = lezen en versturen
page-tokens-revoked-status = ingetrokken
page-tokens-expired-status = verlopen
page-tokens-active-status = actief
page-tokens-form-used = Dit formulier heeft zijn token al aangemaakt en het geheim is één keer getoond; het token staat in de lijst hieronder. Maak een nieuw aan als u er een nodig hebt.
page-tokens-revoked = Het token is ingetrokken; hulpmiddelen die het gebruiken, worden vanaf nu geweigerd.
page-tokens-no-such-token = Dat token bestaat niet of is al ingetrokken.
form-token-scope = kies wat het hulpmiddel mag
form-token-days-number = vul een geheel aantal dagen in
form-token-name = 1 tot 100 tekens, geen besturings- of onzichtbare tekens
form-token-administrator = beheerders hebben geen API-tokens: de API is voor medewerkers en Drop-Off-accounts
form-token-days-range = tussen 1 en { $max } dagen

## Tweestapsaanmelding.

page-two-factor-codes = Uw herstelcodes
page-two-factor-codes-how = (alleen nu getoond): elke code werkt één keer in plaats van een code uit uw app, als u uw apparaat kwijtraakt. Druk ze af of bewaar ze in uw wachtwoordmanager.
page-two-factor-continue = Doorgaan
page-two-factor-required = De beheerder vereist tweestapsaanmelding voor uw account: stel het in om verder te gaan.
page-two-factor-on = { $count ->
    [one] Tweestapsaanmelding staat aan: na uw wachtwoord voert u een code uit uw authenticator-app in. U hebt { $count } ongebruikte herstelcode.
   *[other] Tweestapsaanmelding staat aan: na uw wachtwoord voert u een code uit uw authenticator-app in. U hebt { $count } ongebruikte herstelcodes.
}
page-two-factor-new-codes = Nieuwe herstelcodes
page-two-factor-renew-code = Een code uit uw app (de oude herstelcodes werken dan niet meer)
page-two-factor-make-codes = Nieuwe herstelcodes maken
page-two-factor-turn-off = Uitschakelen
page-two-factor-off-code = Een code uit uw app, of een herstelcode
page-two-factor-turn-off-button = Tweestapsaanmelding uitschakelen
page-two-factor-step-install = Installeer een authenticator-app op uw telefoon (elke app die standaard tijdgebonden codes ondersteunt).
page-two-factor-step-scan = Scan deze code ermee, of typ de sleutel hieronder over.
page-two-factor-step-enter = Voer de zescijferige code in die de app dan toont.
page-two-factor-qr = QR-code om { $portal } aan een authenticator-app toe te voegen
page-two-factor-key = Sleutel:
page-two-factor-code-from-app = Code uit de app
page-two-factor-turn-on = Tweestapsaanmelding inschakelen
page-two-factor-back = Terug naar Beveiliging
page-two-factor-enter-code = Voer de zescijferige code in die uw authenticator-app voor { $portal } toont. Apparaat kwijt? Voer dan een van uw herstelcodes in.
page-two-factor-code = Code
page-two-factor-restart = Opnieuw beginnen met uw wachtwoord
page-two-factor-password-first = Log eerst in met uw wachtwoord (de code moet binnen vijf minuten volgen).
page-two-factor-recovery-used = { $count ->
    [one] U bent ingelogd met een herstelcode; er is er nog { $count } over. Maak op de pagina Beveiliging nieuwe aan als ze opraken, en stel daar uw nieuwe apparaat in.
   *[other] U bent ingelogd met een herstelcode; er zijn er nog { $count } over. Maak op de pagina Beveiliging nieuwe aan als ze opraken, en stel daar uw nieuwe apparaat in.
}
page-two-factor-now-on = Tweestapsaanmelding staat aan. Voortaan voert u na uw wachtwoord een code uit uw app in.
page-two-factor-now-off = Tweestapsaanmelding staat uit.
form-two-factor-wrong-code-setup = die code klopt niet; voer de zes cijfers in die de app nu toont
form-two-factor-wrong-code = die code klopt niet; voer de zes cijfers in die uw authenticator-app nu toont, of een van uw herstelcodes
form-two-factor-reused = die code is al gebruikt; wacht op de volgende (elke 30 seconden verschijnt er een nieuwe)
form-two-factor-not-enrolled = tweestapsaanmelding is voor dit account niet ingesteld
form-two-factor-already-on = tweestapsaanmelding staat al aan; schakel het eerst uit om een ander apparaat in te stellen
form-two-factor-required = de beheerder vereist tweestapsaanmelding voor uw account, dus het kan niet worden uitgeschakeld
form-two-factor-not-offered = tweestapsaanmelding wordt voor uw soort account niet aangeboden
form-two-factor-not-offered-page = Tweestapsaanmelding wordt voor uw soort account niet aangeboden.
form-two-factor-unreadable = het geheim voor tweestapsaanmelding kan niet worden gelezen met de sleutel van deze server (server.secret_key); een beheerder kan de tweestapsaanmelding van het account opnieuw instellen

## Een lijst uitnodigen.

page-bulk-intro = Tot 10.000 genodigden uit een CSV-bestand (een kolom email, en eventueel name en language; gescheiden door komma's, puntkomma's of tabs; met of zonder kopregel) of een JSON-lijst van objecten met dezelfde namen. ‘Lijst controleren’ noemt elke rij die niet kan worden uitgenodigd, met het regelnummer, en verstuurt niets; ‘Uitnodigingen versturen’ nodigt alle andere rijen uit. Elke genodigde krijgt een eigen bericht, alleen aan hem of haar gericht.
page-bulk-checked = { $count ->
    [one] Gecontroleerd: { $count } rij
   *[other] Gecontroleerd: { $count } rijen
}
page-bulk-sent = { $count ->
    [one] Verstuurd: { $count } rij
   *[other] Verstuurd: { $count } rijen
}
page-bulk-valid = { $count ->
    [one] { $count } rij kan worden uitgenodigd; er is niets verstuurd.
   *[other] { $count } rijen kunnen worden uitgenodigd; er is niets verstuurd.
}
page-bulk-replayed = Deze lijst is met dit formulier al verstuurd; er is niets opnieuw verstuurd.
page-bulk-queued = { $count ->
    [one] { $count } genodigde staat in de wachtrij
   *[other] { $count } genodigden staan in de wachtrij
}, { $invitations ->
    [one] in { $invitations } uitnodiging.
   *[other] in { $invitations } uitnodigingen.
}
page-bulk-follow = De bezorging volgen
page-bulk-all-valid = Alle rijen kunnen worden uitgenodigd.
page-bulk-left-out = { $count ->
    [one] Weggelaten: { $count } rij.
   *[other] Weggelaten: { $count } rijen.
}
page-bulk-line = Regel
page-bulk-entry = Item
page-bulk-address = Adres
page-bulk-problem = Probleem
page-bulk-file = De lijst (CSV- of JSON-bestand)
page-bulk-file-hint = Een browser bewaart een gekozen bestand nooit: kies het na een controle opnieuw.
page-bulk-paste = Of plak de lijst
page-bulk-paste-label = Eén genodigde per regel: adres, naam, taal
page-bulk-check = Lijst controleren
page-bulk-unreadable-title = Het formulier kon niet worden gelezen
page-bulk-unreadable = { $why }; er is niets verstuurd.
page-bulk-progress-title = Bezorging van een lijst
page-bulk-progress-none = Met dit formulier is geen lijst verstuurd.
page-bulk-progress-summary = { $count ->
    [one] { $count } genodigde
   *[other] { $count } genodigden
} { $invitations ->
    [one] in { $invitations } uitnodiging.
   *[other] in { $invitations } uitnodigingen.
}
page-bulk-progress-waiting = { $count ->
    [one] { $count } bericht is nog onderweg; deze pagina ververst elke 5 seconden.
   *[other] { $count } berichten zijn nog onderweg; deze pagina ververst elke 5 seconden.
}
page-bulk-progress-done = Alle berichten zijn verstuurd.
page-bulk-invitees = Genodigden
page-bulk-another = Nog een lijst uitnodigen
form-list-too-large = de lijst is groter dan 4 MiB: splits hem in meerdere
form-list-both = kies een bestand of plak een lijst, niet allebei
form-list-none = kies een bestand met de lijst, of plak hem
form-row-language = ‘{ $code }’ is geen taal waarin uitnodigingen worden geschreven ({ $languages })
form-row-own-address = dit is uw eigen adres
form-row-has-account = heeft al een account op dit portaal
form-row-group-address = lijkt op een groepsadres: iedereen erop zou dezelfde link delen
