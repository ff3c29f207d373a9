## Gemeinsame Wörter des Portals: Zeitangaben, Größen, Wendungen in Nachrichten und die
## mitgelieferten Texte, die eine Administratorin oder ein Administrator ersetzen kann.

datetime = { $day }.{ $month }.{ $year }, { $hour }:{ $minute } UTC
date = { $day }.{ $month }.{ $year }
decimal-separator = ,
size-bytes = { $n } Byte
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

phrase-via = { $sender } über { $portal }
phrase-outside-person = { $address } (externe Person mit Drop-Off-Konto)
phrase-each-recipient = (Adresse der jeweiligen Empfängerin bzw. des jeweiligen Empfängers)
phrase-mail-system-refused = das Mailsystem hat die Nachricht abgelehnt

template-invitation = { $inviter_name } ({ $inviter_email }) lädt Sie ein, ein Drop-Off-Konto bei { $portal_name } anzulegen.
template-internal-invitation = { $inviter_name } ({ $inviter_email }) lädt Sie zu { $portal_name } ein. Dort melden Sie sich mit dem Konto Ihrer Organisation an.
template-subject = Einladung zu einem Drop-Off-Konto bei { $portal_name }
template-welcome = Guten Tag { $user_name }, Ihr Konto { $user_email } bei { $portal_name } ist eingerichtet.
template-accepted = { $recipient_email } hat Ihre Einladung angenommen und hat jetzt ein Konto bei { $portal_name }.
template-delivery-failed = Ihre Einladung konnte nicht an { $recipient_email } zugestellt werden. Das Mailsystem meldet: { $reason }
