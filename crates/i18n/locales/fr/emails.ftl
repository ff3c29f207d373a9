## Les e-mails. Les objets se terminent par -subject, les libellés de lien par -link.

email-create-heading = Créez votre compte :
email-create-button = Créer mon compte
email-activate-heading = Activez votre accès :
email-activate-button = Activer mon accès
email-internal-how = Connectez-vous avec l’identifiant et le mot de passe habituels de votre organisation (ceux de votre ordinateur et de votre messagerie) ; vous n’avez pas de nouveau mot de passe à choisir.
email-link-personal-expiry = Ce lien vous est personnel : ne le transférez pas. Il ne sert qu’une fois et expire le { $expiry }.
email-username = Votre identifiant sera { $address }.
email-copy-address = Vous pouvez aussi copier cette adresse dans votre navigateur :
email-files-for-you = { $count ->
    [one] Un fichier pour vous, disponible jusqu’au { $expiry } :
   *[other] { $count } fichiers pour vous, disponibles jusqu’au { $expiry } :
}
email-download-with-link = Téléchargez-les avec votre lien personnel :
email-download-files = Télécharger les fichiers
email-your-personal-link = (votre lien personnel)

email-files-sent = { $sender } vous a envoyé des fichiers.
email-files-list = { $count ->
    [one] Un fichier, disponible jusqu’au { $expiry } :
   *[other] { $count } fichiers, disponibles jusqu’au { $expiry } :
}
email-files-download-personal = Téléchargez-les avec votre lien personnel (ne le transférez pas) :
email-link-personal = Ce lien vous est personnel : ne le transférez pas.

email-copy-subject = Copie : { $subject }
email-copy-intro-invitation = Voici votre copie de l’invitation que vous avez envoyée. Chaque destinataire a reçu son propre lien personnel.
email-copy-intro-files = Voici votre copie des fichiers que vous avez envoyés. Chaque destinataire a reçu son propre lien de téléchargement personnel.
email-copy-to = À : { $list }
email-copy-cc = Cc : { $list }
email-copy-bcc = Cci : { $list }
email-copy-activation-link = [lien d’activation personnel]
email-copy-download-link = [lien de téléchargement personnel]

email-invitation-of = Invitation du { $date } (« { $subject } »).
email-sent-on = Envoyé le { $date } (« { $subject } »).
email-invitations-link = Vos invitations
email-messages-link = Vos messages

email-accepted-subject = { $recipient } a accepté votre invitation

email-downloaded-subject = { $recipient } a téléchargé { $file }
email-downloaded-body = { $recipient } a téléchargé { $file }.

email-renewal-subject = { $recipient } demande un nouveau lien d’invitation
email-renewal-body = Le lien d’invitation de { $recipient } a expiré le { $expired } et cette personne en demande un nouveau.
email-renewal-how = Le bouton ci-dessous permet d’envoyer un nouveau lien (vous confirmez sur la page qui s’ouvre) ; le lien expiré reste révoqué. Si vous ne le souhaitez pas, vous n’avez rien à faire.
email-renewal-link = Envoyer un nouveau lien

email-bounced-subject = Votre invitation à { $recipient } n’a pas pu être remise
email-bounced-how = Vérifiez l’adresse : vous pouvez envoyer une nouvelle invitation à la bonne adresse ou renvoyer celle-ci.

email-welcome-subject = Bienvenue sur { $portal }
email-welcome-pending = Votre compte doit encore être approuvé par l’administration ; vous pourrez vous connecter dès que ce sera fait.
email-welcome-active = Vous pouvez vous connecter à tout moment avec votre adresse e-mail et le mot de passe que vous avez choisi.
email-sign-in-link = Se connecter

email-reminder-subject = Rappel : { $subject }
email-reminder-waiting = Le { $sent }, { $inviter } vous a adressé une invitation à ouvrir un compte sur { $portal }. Elle vous attend toujours.
email-reminder-internal-how = Ouvrez le lien et connectez-vous avec le compte de votre organisation ({ $username }) pour accepter.
email-reminder-external-how = Ouvrez le lien pour choisir votre nom d’affichage et votre mot de passe ; votre identifiant sera { $username }.
email-reminder-validity = Ce lien n’est destiné qu’à vous et fonctionne jusqu’au { $expiry }. Les liens des e-mails précédents fonctionnent aussi ; dès que vous en aurez utilisé un, tous cesseront de fonctionner.{ $last ->
    [yes] { " " }Ceci est le dernier rappel.
   *[no] {""}
}
email-reminder-ignore = Si vous ne souhaitez pas de compte, ignorez ce message : l’invitation expirera d’elle-même.
email-reminder-link = Accepter l’invitation

email-pending-subject = Compte en attente d’approbation : { $email }
email-pending-body = { $name } ({ $email }) a créé un compte sur { $portal } à la suite d’une invitation. Il attend l’approbation de l’administration.
email-review-link = L’examiner

email-sponsor-left-subject = { $portal } : invités sans parrain
email-sponsor-left-unsponsored = { $count ->
    [one] Un compte Drop-Off sur { $portal } n’a plus de parrain : la personne de l’organisation qui en répondait a été désactivée, supprimée ou a quitté l’annuaire. Attribuez-lui un nouveau parrain ou désactivez-le.
   *[other] { $count } comptes Drop-Off sur { $portal } n’ont plus de parrain : la personne de l’organisation qui en répondait a été désactivée, supprimée ou a quitté l’annuaire. Attribuez à chacun un nouveau parrain ou désactivez-les.
}
email-sponsor-left-disabled = { $count ->
    [one] Un compte Drop-Off a été désactivé parce que son parrain est parti (règle définie dans les Paramètres).
   *[other] { $count } comptes Drop-Off ont été désactivés parce que leur parrain est parti (règle définie dans les Paramètres).
}
email-review-them-link = Les examiner

email-hello = Bonjour { $name },
email-inactivity-subject = Votre compte { $portal } sera désactivé le { $date }
email-inactivity-body = votre compte Drop-Off sur { $portal } n’a pas servi depuis un moment : il sera désactivé le { $date } si vous ne vous connectez pas d’ici là. Une seule connexion suffit pour le conserver.
email-inactivity-ignore = Si vous n’en avez plus besoin, vous n’avez rien à faire.

email-rejected-subject = Votre compte { $portal } n’a pas été approuvé
email-rejected-body = l’administration n’a pas approuvé votre compte. Si vous pensez qu’il s’agit d’une erreur, contactez la personne à l’origine de l’invitation.
email-portal-link = Portail
