## Palabras comunes del portal: fechas, tamaños, expresiones que aparecen en los mensajes y los
## textos incluidos que la administración puede sustituir.

datetime = { $day }/{ $month }/{ $year }, { $hour }:{ $minute } UTC
date = { $day }/{ $month }/{ $year }
decimal-separator = ,
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

phrase-via = { $sender } a través de { $portal }
phrase-outside-person = { $address }, persona externa con cuenta Drop-Off
phrase-each-recipient = (la dirección de cada persona destinataria)
phrase-mail-system-refused = el servidor de correo lo rechazó

template-invitation = { $inviter_name } ({ $inviter_email }) le invita a crear una cuenta Drop-Off en { $portal_name }.
template-internal-invitation = { $inviter_name } ({ $inviter_email }) le invita a { $portal_name }, donde se inicia sesión con la cuenta de su organización.
template-subject = Invitación para abrir una cuenta Drop-Off en { $portal_name }
template-welcome = Hola, { $user_name }: ya está creada su cuenta { $user_email } en { $portal_name }.
template-accepted = { $recipient_email } ha aceptado su invitación y ya tiene una cuenta en { $portal_name }.
template-delivery-failed = No se ha podido entregar su invitación a { $recipient_email }. Respuesta del servidor de correo: { $reason }
