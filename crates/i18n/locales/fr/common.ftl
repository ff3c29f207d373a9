## Mots communs du portail : dates, tailles, tournures reprises dans les messages et textes
## intégrés que l’administration peut remplacer.

datetime = { $day }/{ $month }/{ $year } à { $hour }:{ $minute } UTC
date = { $day }/{ $month }/{ $year }
decimal-separator = ,
size-bytes = { $n ->
    [one] { $n } octet
   *[other] { $n } octets
}
size-kib = { $n } Kio
size-mib = { $n } Mio
size-gib = { $n } Gio
size-tib = { $n } Tio

phrase-via = { $sender } via { $portal }
phrase-outside-person = { $address }, personne extérieure disposant d’un compte Drop-Off
phrase-each-recipient = (adresse de chaque destinataire)
phrase-mail-system-refused = le serveur de messagerie l’a refusé

template-invitation = { $inviter_name } ({ $inviter_email }) vous invite à créer un compte Drop-Off sur { $portal_name }.
template-internal-invitation = { $inviter_name } ({ $inviter_email }) vous invite sur { $portal_name }, où vous vous connectez avec le compte de votre organisation.
template-subject = Invitation à ouvrir un compte Drop-Off sur { $portal_name }
template-welcome = Bonjour { $user_name }, votre compte { $user_email } sur { $portal_name } a bien été créé.
template-accepted = { $recipient_email } a accepté votre invitation et dispose désormais d’un compte sur { $portal_name }.
template-delivery-failed = Votre invitation n’a pas pu être remise à { $recipient_email }. Réponse du serveur de messagerie : { $reason }
