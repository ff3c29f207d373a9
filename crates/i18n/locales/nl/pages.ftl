## De pagina's van het portaal. Titels eindigen op -title.

page-language = Taal:
page-language-unknown-title = Onbekende taal
page-language-unknown = De pagina's van het portaal zijn er in { $languages }.
page-account-nav = Account
page-security-link = Beveiliging
page-sign-out = Uitloggen
page-sign-out-question = Uitloggen in deze browser?
page-sign-out-consequence = U kunt altijd opnieuw inloggen.
page-cancel = Annuleren
page-go-back = Terug
page-go-to-start = Naar de startpagina
page-go-to-sign-in = Naar inloggen
page-go-to-console = Naar de beheerconsole
page-errors-heading = Corrigeer het volgende
page-error-entry = { $label }: { $message }
page-contact-inviter = Voor een nieuwe link schrijft u naar { $name } ({ $email }).
page-not-done = Niet uitgevoerd

page-not-found-title = Pagina niet gevonden
page-not-found = Op dit adres staat niets.
page-form-address-title = Dit adres hoort bij een formulier
page-form-address = Dit adres wordt gebruikt door een knop op een pagina van het portaal en is niet bedoeld om zelf te openen.
page-internal-error-title = Er ging iets mis
page-internal-error = Het portaal kon uw verzoek niet uitvoeren. Er is niets gewijzigd; probeer het zo nog eens.
page-csrf-title = Het formulier is verlopen
page-csrf = Voor uw veiligheid kon het formulier niet worden aangenomen. Ga terug, laad de pagina opnieuw en verstuur het nog eens.
page-too-many-title = Te veel pogingen
page-too-many = Wacht een minuut voordat u het opnieuw probeert.
page-too-many-sign-in = Na veel mislukte inlogpogingen op één account wordt de wachttijd bij elke poging langer, tot 15 minuten; een geslaagde aanmelding heft hem op.
page-unavailable-title = Tijdelijk niet beschikbaar
page-unavailable = Het portaal kan zijn database nu niet bereiken. Er is niets gewijzigd; probeer het over een paar seconden opnieuw.

## Een account aanmaken met een activeringslink.

page-activate-title = Account aanmaken
page-activate-intro = { $inviter } ({ $inviter_email }) heeft u uitgenodigd. Deze link werkt één keer en verloopt op { $expiry }.
page-activate-internal = Uw adres staat in de directory van uw organisatie. Log in met de gegevens van uw organisatie om uw account te activeren; een apart wachtwoord is niet nodig.
page-activate-login = Gebruikersnaam of e-mailadres bij uw organisatie
page-activate-login-hint = Bijvoorbeeld { $email }, gebruiker@domein of DOMEIN\gebruiker.
page-activate-directory-password = Wachtwoord bij uw organisatie
page-activate-internal-button = Inloggen en activeren
page-activate-button = Account aanmaken
page-username = Gebruikersnaam
page-display-name = Weergavenaam
page-password = Wachtwoord
page-password-repeat = Herhaal het wachtwoord
page-password-min = { $count ->
    [one] minstens { $count } teken
   *[other] minstens { $count } tekens
}
page-password-needs-lowercase = een kleine letter
page-password-needs-uppercase = een hoofdletter
page-password-needs-digit = een cijfer
page-password-needs-symbol = een symbool
page-password-hint = Gebruik { $length }, met { $rules }.
page-password-hint-length = Gebruik { $length }.
page-password-common-refused = Veelgebruikte wachtwoorden worden geweigerd.

field-email = E-mailadres
field-display-name = Weergavenaam
field-password = Wachtwoord
field-password-confirmation = Herhaald wachtwoord
field-login = Gebruikersnaam

form-passwords-differ = de twee wachtwoorden zijn niet gelijk
form-password-min-length = { $count ->
    [one] gebruik minstens { $count } teken
   *[other] gebruik minstens { $count } tekens
}
form-password-max-length = { $count ->
    [one] gebruik hoogstens { $count } teken
   *[other] gebruik hoogstens { $count } tekens
}
form-password-lowercase = gebruik een kleine letter
form-password-uppercase = gebruik een hoofdletter
form-password-digit = gebruik een cijfer
form-password-symbol = gebruik een symbool (geen letter of cijfer)
form-password-common = dit wachtwoord is te gangbaar; kies een ander
form-password-contains-email = het wachtwoord mag uw e-mailadres of het deel vóór de @ niet bevatten
form-name-empty = de naam is leeg
form-name-too-long = de naam is { $count } tekens lang; hoogstens 100 zijn toegestaan
form-name-invalid-character = de naam mag { $character } niet bevatten
form-login-empty = vul uw gebruikersnaam of e-mailadres bij uw organisatie in
form-directory-password-empty = vul uw wachtwoord bij uw organisatie in
form-directory-credentials = onjuiste gebruikersnaam of onjuist wachtwoord
form-not-the-invitee = deze inloggegevens horen bij een andere persoon dan de uitgenodigde

page-account-created = Uw account is aangemaakt. Welkom!
page-access-active = Uw account is geactiveerd. Welkom!
page-account-pending-title = Uw account wacht op goedkeuring
page-account-pending = Uw account is aangemaakt. Een beheerder moet het goedkeuren voordat u kunt inloggen; u krijgt dan een e-mail.
page-directory-sign-in-title = Log in met het account van uw organisatie
page-directory-sign-in = Uw adres staat in de directory van uw organisatie. Log in met de gegevens van uw organisatie.

page-link-unknown-title = Deze link is ongeldig
page-link-unknown = De activeringslink is onvolledig of is nooit uitgegeven. Kopieer de hele link uit uw e-mail.
page-link-expired-title = Deze link is verlopen
page-link-expired = Activeringslinks werken maar een beperkte tijd.
page-link-used-title = Deze link is al gebruikt
page-link-used = Het account voor deze uitnodiging is al aangemaakt. Log in met uw e-mailadres en wachtwoord.
page-link-used-internal = Uw toegang is met deze link al geactiveerd. Log in met de gebruikersnaam en het wachtwoord van uw organisatie.
page-link-revoked-title = Deze link is ingetrokken
page-link-revoked = Degene die u heeft uitgenodigd, heeft deze link ingetrokken of u een nieuwere gestuurd.
page-account-exists-title = U hebt al een account
page-account-exists = Er bestaat al een account met dit adres. Log in plaats daarvan in.
page-directory-unavailable-title = De directory is niet bereikbaar
page-directory-unavailable = De directory van uw organisatie is nu niet bereikbaar, dus uw account kan niet worden geactiveerd. Uw link blijft werken; probeer het over een paar minuten opnieuw.
page-directory-no-email-title = Uw directory-account heeft geen e-mailadres
page-directory-no-email = De directory van uw organisatie heeft geen e-mailadres voor uw account, dus het kan dit portaal niet gebruiken. Vraag uw IT-afdeling er een toe te voegen; uw link blijft werken.

page-renewal-question = Activeringslinks werken maar een beperkte tijd. U kunt { $inviter } ({ $inviter_email }) om een nieuwe link vragen.
page-renewal-automatic = Er wordt een nieuwe link gestuurd naar het adres waar deze uitnodiging naartoe ging. U kunt dit één keer vragen.
page-renewal-asks-inviter = { $inviter } krijgt een e-mail met het verzoek u een nieuwe link te sturen. U kunt dit één keer vragen.
page-renewal-button = Nieuwe link aanvragen
page-renewal-asked-title = Uw verzoek is verstuurd
page-renewal-asked = { $inviter } is gevraagd u een nieuwe link te sturen. Die komt per e-mail.
page-renewal-sent-title = Er is een nieuwe link onderweg
page-renewal-sent = Er is een nieuwe activeringslink naar { $email } gestuurd. Die vervangt de verlopen link.
page-renewal-already-title = Er is al een nieuwe link aangevraagd
page-renewal-already = Een nieuwe link kan maar één keer worden aangevraagd. Is er niets gekomen? Schrijf dan naar degene die u heeft uitgenodigd.
page-renewal-not-offered-title = Nieuwe links worden hier niet aangevraagd
page-renewal-not-offered = Schrijf naar degene die u heeft uitgenodigd en vraag de uitnodiging opnieuw te versturen.
page-renewal-still-valid-title = Deze link werkt nog
page-renewal-still-valid = Open hem opnieuw om uw account aan te maken.

## Downloads.

page-download-title = Bestanden voor u
page-download-intro = { $sender } ({ $sender_email }) heeft deze bestanden naar { $recipient } gestuurd. Ze zijn beschikbaar tot { $expiry }.
page-download-file = Bestand
page-download-size = Grootte
page-download-left = Downloads over
page-download-action = Downloaden
page-download-limit-reached = limiet bereikt
page-download-zip = Alles als zipbestand downloaden
page-download-checksums = SHA-256-controlegetallen:
page-download-not-found-title = Niet gevonden
page-download-unknown = Deze downloadlink is ongeldig.
page-download-no-such-file = Dat bestand bestaat hier niet.
page-download-expired-title = Deze bestanden zijn verlopen
page-download-expired = Deze bestanden zijn niet meer beschikbaar.
page-download-revoked-title = Deze link is ingetrokken
page-download-revoked = Deze downloadlink is ingetrokken.
page-download-exhausted-title = Downloadlimiet bereikt
page-download-exhausted = { $file }: de downloadlimiet is bereikt.
page-download-sign-in-title = Log in om te downloaden
page-download-sign-in = Log in als { $email } om deze bestanden te downloaden.
page-download-not-yours-title = Deze bestanden zijn voor iemand anders
page-download-not-yours = Deze bestanden zijn voor { $email }; log in met dat account.
page-download-unreadable-title = Dit bestand kan nu niet worden gelezen
page-download-unreadable = { $file } kan nu niet worden gelezen; dit telt niet als download. Probeer het later opnieuw.
page-download-busy-title = Er lopen veel downloads
page-download-busy = Er worden nu veel bestanden van dit portaal gedownload. Probeer het zo opnieuw; deze poging telt niet als download.
page-download-missing-title = Dit bestand is niet meer beschikbaar
page-download-missing = { $file } is hier niet meer opgeslagen en kan niet worden gedownload; dit telt niet als download. Vraag de afzender het opnieuw te sturen.

## Inloggen en de startpagina's van de portalen.

page-sign-in = Inloggen
page-sign-in-login = E-mailadres of gebruikersnaam bij uw organisatie
page-sign-in-login-hint = Medewerkers: uw inlognaam bij de organisatie (naam@domein of DOMEIN\naam) werkt hier.
form-sign-in-invalid = onjuist e-mailadres of onjuist wachtwoord
form-sign-in-disabled = dit account is uitgeschakeld; neem contact op met een beheerder van het portaal als u het weer nodig hebt
form-sign-in-pending = uw account wacht op goedkeuring door een beheerder
form-sign-in-directory-unavailable = de directory van de organisatie is nu niet bereikbaar; probeer het over een paar minuten opnieuw
page-admin-account-title = Beheerdersaccount
page-admin-account = Met beheerdersaccounts opent u de gebruikersportalen niet. Log in met uw eigen gebruikersaccount of ga naar de beheerconsole.

page-portal-title = Intern portaal
page-portal-send-invites = Uitnodigingen versturen
page-portal-send-files = Bestanden versturen
page-portal-my-invitations = Mijn uitnodigingen en bestanden
page-portal-api-tokens = API-tokens
page-portal-may-not-invite = Uitnodigingen versturen is voor uw account niet ingeschakeld. Vraag een beheerder als u het nodig hebt.

page-dropoff-title = Drop-Off-portaal
page-dropoff-welcome = Welkom, { $name }. Uw account is klaar.
page-dropoff-files-arrive = Bestanden die naar u worden gestuurd, komen per e-mail met een persoonlijke downloadlink.
page-dropoff-send = Bestanden versturen
page-dropoff-send-to = naar mensen van de organisatie.

page-bad-request-title = Ongeldig verzoek
page-bad-request = Het portaal kon dit verzoek niet lezen. Er is niets gewijzigd; ga terug en probeer het opnieuw.
page-too-large-title = Dit verzoek is te groot
page-too-large = Er is niets gewijzigd. Ga terug en stuur minder.
