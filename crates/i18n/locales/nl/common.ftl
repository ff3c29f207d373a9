## Gedeelde woorden van het portaal: tijden, groottes, vaste zinsdelen in berichten en de
## ingebouwde teksten die de beheerder kan vervangen.

datetime = { $day }-{ $month }-{ $year } { $hour }:{ $minute } UTC
date = { $day }-{ $month }-{ $year }
decimal-separator = ,
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

phrase-via = { $sender } via { $portal }
phrase-outside-person = { $address }, een externe persoon met een Drop-Off-account
phrase-each-recipient = (het adres van elke ontvanger)
phrase-mail-system-refused = de mailserver heeft het bericht geweigerd

template-invitation = { $inviter_name } ({ $inviter_email }) nodigt u uit om een Drop-Off-account aan te maken op { $portal_name }.
template-internal-invitation = { $inviter_name } ({ $inviter_email }) nodigt u uit voor { $portal_name }, waar u inlogt met het account van uw organisatie.
template-subject = Uitnodiging voor een Drop-Off-account op { $portal_name }
template-welcome = Beste { $user_name }, uw account { $user_email } op { $portal_name } is aangemaakt.
template-accepted = { $recipient_email } heeft uw uitnodiging aangenomen en heeft nu een account op { $portal_name }.
template-delivery-failed = Uw uitnodiging kon niet worden afgeleverd bij { $recipient_email }. Antwoord van de mailserver: { $reason }
