## De meldingen van de API voor mensen: de `message` van elke fout en de `reason` van elk
## detail. De codes (`invalid_recipients`, `token_expired`, …) zijn voor programma's en
## blijven Engels.

api-insufficient-scope = met dit token kunt u alleen lezen; maak een token met het bereik 'send' om te versturen, opnieuw te versturen of in te trekken
api-token-expired = het API-token is verlopen; maak een nieuw aan op de pagina API-tokens
api-token-required = een geldig API-token is nodig: Authorization: Bearer pstk_…
api-not-found = op dit adres is niets te vinden
api-no-invitation = deze uitnodiging bestaat niet
api-no-recipient = deze ontvanger bestaat niet
api-method-not-allowed = dit adres kent deze methode niet
api-internal = het verzoek kon niet worden uitgevoerd; er is niets gewijzigd
api-too-many = te veel pogingen; wacht een minuut
api-bad-request = het verzoek is niet leesbaar: { $detail }
api-body-too-large = het verzoek is groter dan { $kib } KiB ({ $mib } MiB voor een lijst met genodigden)
api-unsupported-media-type = stuur de inhoud als application/json
api-invalid-invitation = de uitnodiging is niet geldig
api-not-permitted = uw account mag geen uitnodigingen versturen
api-list-rows = geef tussen 1 en { $max } genodigden op
api-list-one-of = geef de lijst als csv of als rows: een van beide, niet allebei
api-invalid-cursor = deze cursor komt niet van deze API
api-invalid-limit = de limiet moet tussen 1 en 100 liggen
api-limit-range = 1 tot 100
api-link-unknown = deze activeringslink is ongeldig
api-link-expired = deze activeringslink is verlopen
api-link-used = deze activeringslink is al gebruikt
api-link-revoked = deze activeringslink is ingetrokken
api-account-exists = er bestaat al een account met dit adres; meld u in plaats daarvan aan
api-password-policy = het wachtwoord voldoet niet aan de regels
api-not-internal = deze uitnodiging is voor een externe persoon; kies een wachtwoord om het account aan te maken
api-directory-credentials = gebruikersnaam of wachtwoord klopt niet
api-directory-unavailable = de directory van de organisatie is nu niet bereikbaar; probeer het over een paar minuten opnieuw
api-not-the-invitee = deze inloggegevens zijn van iemand anders dan de genodigde
api-no-email-in-directory = uw directory-account heeft geen e-mailadres en kan dit portaal daarom niet gebruiken; neem contact op met uw IT-afdeling
api-idempotency-key = 1 tot 100 afdrukbare ASCII-tekens, zonder spaties (90 voor een lijst van genodigden)
