## Words every part of the portal shares: times, sizes, the phrases the domain puts into
## messages, and the built-in texts an administrator may replace.

# A moment, in UTC. Variables are zero-padded numbers.
datetime = { $year }-{ $month }-{ $day } { $hour }:{ $minute } UTC
date = { $year }-{ $month }-{ $day }
decimal-separator = .
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kib = { $n } KiB
size-mib = { $n } MiB
size-gib = { $n } GiB
size-tib = { $n } TiB

# The From name of mail sent for an outside person.
phrase-via = { $sender } via { $portal }
phrase-outside-person = { $address }, an outside person with a Drop-Off account
phrase-each-recipient = (each recipient)
phrase-mail-system-refused = the mail system refused it

## Built-in texts of the templates an administrator may replace. Placeholders are the
## template's own; keep every one a text uses.
template-invitation = { $inviter_name } ({ $inviter_email }) has invited you to create a Drop-Off account on { $portal_name }.
template-internal-invitation = { $inviter_name } ({ $inviter_email }) has invited you to { $portal_name }, where you sign in with your organisation account.
template-subject = You are invited to open a Drop-Off account on { $portal_name }
template-welcome = Hello { $user_name }, your { $portal_name } account { $user_email } has been created.
template-accepted = { $recipient_email } has accepted your invitation and now has an account on { $portal_name }.
template-delivery-failed = Your invitation could not be delivered to { $recipient_email }. The mail system said: { $reason }
