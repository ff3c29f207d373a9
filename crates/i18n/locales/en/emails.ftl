## The emails. Subjects end in -subject; link labels in -link.

email-create-heading = Create your account:
email-create-button = Create your account
email-activate-heading = Activate your access:
email-activate-button = Activate your access
email-internal-how = Sign in there with your usual organisation username and password (the ones you use for your computer and email); you do not choose a new password.
email-link-personal-expiry = This link is personal: do not forward it. It works once and expires on { $expiry }.
email-username = Your username will be { $address }.
email-copy-address = Or copy this address into your browser:
email-files-for-you = { $count ->
    [one] A file for you, available until { $expiry }:
   *[other] Files for you ({ $count }), available until { $expiry }:
}
email-download-with-link = Download them with your personal link:
email-download-files = Download the files
email-your-personal-link = (your personal link)

email-files-sent = { $sender } sent you files.
email-files-list = { $count ->
    [one] One file, available until { $expiry }:
   *[other] Files ({ $count }), available until { $expiry }:
}
email-files-download-personal = Download them with your personal link (do not forward it):
email-link-personal = This link is personal: do not forward it.

email-copy-subject = Copy: { $subject }
email-copy-intro-invitation = This is your copy of the invitation you sent. Each recipient received their own personal link.
email-copy-intro-files = This is your copy of the files you sent. Each recipient received their own personal download link.
email-copy-to = To: { $list }
email-copy-cc = CC: { $list }
email-copy-bcc = BCC: { $list }
email-copy-activation-link = [personal activation link]
email-copy-download-link = [personal download link]

email-invitation-of = Invitation of { $date } (“{ $subject }”).
email-sent-on = Sent on { $date } (“{ $subject }”).
email-invitations-link = Your invitations
email-messages-link = Your messages

email-accepted-subject = { $recipient } accepted your invitation

email-downloaded-subject = { $recipient } downloaded { $file }
email-downloaded-body = { $recipient } downloaded { $file }.

email-renewal-subject = { $recipient } asks for a new invitation link
email-renewal-body = The invitation link of { $recipient } expired on { $expired }, and they asked for a new one.
email-renewal-how = Send a new link with the button below (you confirm on the page it opens); the expired link stays revoked. If you do not want to, do nothing.
email-renewal-link = Send a new link

email-bounced-subject = Your invitation to { $recipient } could not be delivered
email-bounced-how = Check the address; you can send a new invitation to the right one, or resend this one.

email-welcome-subject = Welcome to { $portal }
email-welcome-pending = An administrator will review your account; you will be able to sign in once it is approved.
email-welcome-active = You can sign in at any time with your email address and the password you chose.
email-sign-in-link = Sign in

email-reminder-subject = Reminder: { $subject }
email-reminder-waiting = { $inviter } invited you on { $sent } to open an account on { $portal }. The invitation is still waiting for you.
email-reminder-internal-how = Open the link and sign in with your organisation's account ({ $username }) to accept.
email-reminder-external-how = Open the link to choose your display name and password; you will sign in as { $username }.
email-reminder-validity = This link is yours alone and works until { $expiry }. The links in the earlier emails work too; once you have used any one of them, they all stop working.{ $last ->
    [yes] { " " }This is the last reminder.
   *[no] {""}
}
email-reminder-ignore = If you do not want an account, ignore this message: the invitation then simply expires.
email-reminder-link = Accept the invitation

email-pending-subject = Account waiting for approval: { $email }
email-pending-body = { $name } ({ $email }) created a { $portal } account through an invitation. It waits for an administrator's approval.
email-review-link = Review it

email-sponsor-left-subject = { $portal }: guests whose sponsor left
email-sponsor-left-unsponsored = { $count ->
    [one] One Drop-Off account on { $portal } lost its sponsor: the staff member who answered for it was disabled, deleted or left the directory. Give it a new sponsor, or disable it.
   *[other] { $count } Drop-Off accounts on { $portal } lost their sponsor: the staff member who answered for them was disabled, deleted or left the directory. Give each a new sponsor, or disable it.
}
email-sponsor-left-disabled = { $count ->
    [one] One Drop-Off account was disabled because its sponsor left (the rule in Settings).
   *[other] { $count } Drop-Off accounts were disabled because their sponsor left (the rule in Settings).
}
email-review-them-link = Review them

email-hello = Hello { $name },
email-inactivity-subject = Your { $portal } account will be disabled on { $date }
email-inactivity-body = your Drop-Off account on { $portal } has not been used for a while, so it will be disabled on { $date } unless you sign in before then. Signing in once keeps it.
email-inactivity-ignore = If you no longer need it, you do not need to do anything.

email-rejected-subject = Your { $portal } account was not approved
email-rejected-body = an administrator did not approve your account. If you think this is a mistake, contact the person who invited you.
email-portal-link = Portal
