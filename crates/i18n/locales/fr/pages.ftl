## Les pages du portail. Les titres se terminent par -title.

page-language = Langue :
page-language-unknown-title = Langue inconnue
page-language-unknown = Les pages du portail existent en { $languages }.
page-account-nav = Compte
page-security-link = Sécurité
page-sign-out = Se déconnecter
page-sign-out-question = Se déconnecter de ce navigateur ?
page-sign-out-consequence = Vous pourrez vous reconnecter à tout moment.
page-cancel = Annuler
page-go-back = Retour
page-go-to-start = Aller à la page d’accueil
page-go-to-sign-in = Aller à la connexion
page-go-to-console = Aller à la console d’administration
page-errors-heading = Veuillez corriger les points suivants
page-error-entry = { $label } : { $message }
page-contact-inviter = Pour obtenir un nouveau lien, écrivez à { $name } ({ $email }).
page-not-done = Action non effectuée

page-not-found-title = Page introuvable
page-not-found = Il n’y a rien à cette adresse.
page-form-address-title = Cette adresse sert à un formulaire
page-form-address = Cette adresse est utilisée par un bouton d’une page du portail ; elle ne s’ouvre pas seule.
page-internal-error-title = Un problème est survenu
page-internal-error = Le portail n’a pas pu traiter votre demande. Rien n’a été modifié ; réessayez dans un instant.
page-csrf-title = Le formulaire a expiré
page-csrf = Pour votre sécurité, le formulaire n’a pas pu être accepté. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
page-too-many-title = Trop de tentatives
page-too-many = Patientez une minute avant de réessayer.
page-too-many-sign-in = Après de nombreuses connexions échouées sur un même compte, l’attente s’allonge à chaque tentative, jusqu’à 15 minutes ; une connexion réussie y met fin.
page-unavailable-title = Momentanément indisponible
page-unavailable = Le portail ne parvient pas à joindre sa base de données. Rien n’a été modifié ; réessayez dans quelques secondes.

## Créer un compte avec un lien d’activation.

page-activate-title = Créer un compte
page-activate-intro = { $inviter } ({ $inviter_email }) vous a adressé cette invitation. Ce lien ne sert qu’une fois et expire le { $expiry }.
page-activate-internal = Votre adresse figure dans l’annuaire de votre organisation. Connectez-vous avec vos identifiants de l’organisation pour activer votre compte ; aucun mot de passe supplémentaire n’est nécessaire.
page-activate-login = Identifiant ou adresse e-mail de l’organisation
page-activate-login-hint = Par exemple { $email }, utilisateur@domaine ou DOMAINE\utilisateur.
page-activate-directory-password = Mot de passe de l’organisation
page-activate-internal-button = Se connecter et activer
page-activate-button = Créer le compte
page-username = Identifiant
page-display-name = Nom d’affichage
page-password = Mot de passe
page-password-repeat = Confirmez le mot de passe
page-password-min = { $count ->
    [one] au moins { $count } caractère
   *[other] au moins { $count } caractères
}
page-password-needs-lowercase = une minuscule
page-password-needs-uppercase = une majuscule
page-password-needs-digit = un chiffre
page-password-needs-symbol = un symbole
page-password-hint = Utilisez { $length }, dont { $rules }.
page-password-hint-length = Utilisez { $length }.
page-password-common-refused = Les mots de passe courants sont refusés.

field-email = Adresse e-mail
field-display-name = Nom d’affichage
field-password = Mot de passe
field-password-confirmation = Confirmation du mot de passe
field-login = Identifiant

form-passwords-differ = les deux mots de passe ne sont pas identiques
form-password-min-length = { $count ->
    [one] utilisez au moins { $count } caractère
   *[other] utilisez au moins { $count } caractères
}
form-password-max-length = { $count ->
    [one] utilisez au plus { $count } caractère
   *[other] utilisez au plus { $count } caractères
}
form-password-lowercase = ajoutez une minuscule
form-password-uppercase = ajoutez une majuscule
form-password-digit = ajoutez un chiffre
form-password-symbol = ajoutez un symbole (ni lettre ni chiffre)
form-password-common = ce mot de passe est trop courant ; choisissez-en un autre
form-password-contains-email = le mot de passe ne doit contenir ni votre adresse e-mail ni la partie qui précède le @
form-name-empty = le nom est vide
form-name-too-long = le nom compte { $count } caractères ; 100 au plus sont admis
form-name-invalid-character = le nom ne peut pas contenir { $character }
form-login-empty = saisissez votre identifiant ou votre adresse e-mail de l’organisation
form-directory-password-empty = saisissez votre mot de passe de l’organisation
form-directory-credentials = identifiant ou mot de passe incorrect
form-not-the-invitee = ces identifiants appartiennent à une autre personne que celle qui a été invitée

page-account-created = Votre compte a été créé. Bienvenue !
page-access-active = Votre compte est activé. Bienvenue !
page-account-pending-title = Votre compte attend son approbation
page-account-pending = Votre compte a été créé. L’administration doit l’approuver avant que vous puissiez vous connecter ; vous recevrez alors un e-mail.
page-directory-sign-in-title = Connectez-vous avec le compte de votre organisation
page-directory-sign-in = Votre adresse figure dans l’annuaire de votre organisation. Connectez-vous avec vos identifiants de l’organisation.

page-link-unknown-title = Ce lien n’est pas valide
page-link-unknown = Le lien d’activation est incomplet ou n’a jamais été émis. Copiez le lien entier depuis votre e-mail.
page-link-expired-title = Ce lien a expiré
page-link-expired = Les liens d’activation ne fonctionnent que pendant une durée limitée.
page-link-used-title = Ce lien a déjà servi
page-link-used = Le compte correspondant à cette invitation a été créé. Connectez-vous avec votre adresse e-mail et votre mot de passe.
page-link-used-internal = Votre accès a été activé avec ce lien. Connectez-vous avec l’identifiant et le mot de passe de votre organisation.
page-link-revoked-title = Ce lien a été révoqué
page-link-revoked = La personne à l’origine de l’invitation a révoqué ce lien ou vous en a envoyé un plus récent.
page-account-exists-title = Vous avez déjà un compte
page-account-exists = Un compte existe déjà pour cette adresse. Connectez-vous plutôt.
page-directory-unavailable-title = L’annuaire est injoignable
page-directory-unavailable = L’annuaire de votre organisation est injoignable pour le moment ; votre compte ne peut donc pas être activé. Votre lien reste valable ; réessayez dans quelques minutes.
page-directory-no-email-title = Votre compte d’annuaire n’a pas d’adresse e-mail
page-directory-no-email = L’annuaire de votre organisation n’a aucune adresse e-mail pour votre compte, qui ne peut donc pas utiliser ce portail. Demandez à votre service informatique d’en ajouter une ; votre lien reste valable.

page-renewal-question = Les liens d’activation ne fonctionnent que pendant une durée limitée. Vous pouvez demander un nouveau lien à { $inviter } ({ $inviter_email }).
page-renewal-automatic = Un nouveau lien est envoyé à l’adresse qui a reçu cette invitation. Vous ne pouvez le demander qu’une fois.
page-renewal-asks-inviter = { $inviter } reçoit un e-mail lui demandant de vous envoyer un nouveau lien. Vous ne pouvez le demander qu’une fois.
page-renewal-button = Demander un nouveau lien
page-renewal-asked-title = Votre demande a été transmise
page-renewal-asked = Votre demande de nouveau lien a été transmise à { $inviter }. Le lien vous parviendra par e-mail.
page-renewal-sent-title = Un nouveau lien est en route
page-renewal-sent = Un nouveau lien d’activation a été envoyé à { $email }. Il remplace celui qui a expiré.
page-renewal-already-title = Un nouveau lien a déjà été demandé
page-renewal-already = Un nouveau lien ne peut être demandé qu’une fois. Si vous n’avez rien reçu, écrivez à la personne à l’origine de l’invitation.
page-renewal-not-offered-title = Les nouveaux liens ne se demandent pas ici
page-renewal-not-offered = Écrivez à la personne à l’origine de l’invitation et demandez-lui de la renvoyer.
page-renewal-still-valid-title = Ce lien fonctionne encore
page-renewal-still-valid = Ouvrez-le à nouveau pour créer votre compte.

## Téléchargements.

page-download-title = Fichiers pour vous
page-download-intro = { $sender } ({ $sender_email }) a envoyé ces fichiers à { $recipient }. Ils sont disponibles jusqu’au { $expiry }.
page-download-file = Fichier
page-download-size = Taille
page-download-left = Téléchargements restants
page-download-action = Télécharger
page-download-limit-reached = limite atteinte
page-download-zip = Tout télécharger dans un fichier ZIP
page-download-checksums = Sommes de contrôle SHA-256 :
page-download-not-found-title = Introuvable
page-download-unknown = Ce lien de téléchargement n’est pas valide.
page-download-no-such-file = Ce fichier n’existe pas ici.
page-download-expired-title = Ces fichiers ont expiré
page-download-expired = Ces fichiers ne sont plus disponibles.
page-download-revoked-title = Ce lien a été révoqué
page-download-revoked = Ce lien de téléchargement a été révoqué.
page-download-exhausted-title = Limite de téléchargements atteinte
page-download-exhausted = { $file } : la limite de téléchargements est atteinte.
page-download-sign-in-title = Connectez-vous pour télécharger
page-download-sign-in = Connectez-vous en tant que { $email } pour télécharger ces fichiers.
page-download-not-yours-title = Ces fichiers sont destinés à quelqu’un d’autre
page-download-not-yours = Ces fichiers sont destinés à { $email } ; connectez-vous avec ce compte.
page-download-unreadable-title = Ce fichier est illisible pour le moment
page-download-unreadable = { $file } ne peut pas être lu pour le moment ; la tentative n’a pas été décomptée. Réessayez plus tard.
page-download-busy-title = De nombreux téléchargements sont en cours
page-download-busy = De nombreux fichiers sont en cours de téléchargement sur ce portail. Réessayez dans un instant ; cette tentative n’a pas été décomptée.
page-download-missing-title = Ce fichier n’est plus disponible
page-download-missing = { $file } n’est plus conservé ici et ne peut pas être téléchargé ; la tentative n’a pas été décomptée. Demandez à l’expéditeur ou à l’expéditrice de le renvoyer.

## Connexion et pages d’accueil des portails.

page-sign-in = Se connecter
page-sign-in-login = Adresse e-mail ou identifiant de l’organisation
page-sign-in-login-hint = Personnel : votre identifiant de l’organisation (nom@domaine ou DOMAINE\nom) fonctionne ici.
form-sign-in-invalid = adresse e-mail ou mot de passe incorrect
form-sign-in-disabled = ce compte est désactivé ; adressez-vous à l’administration du portail si vous en avez de nouveau besoin
form-sign-in-pending = votre compte attend l’approbation de l’administration
form-sign-in-directory-unavailable = l’annuaire de l’organisation est injoignable pour le moment ; réessayez dans quelques minutes
page-admin-account-title = Compte d’administration
page-admin-account = Les comptes d’administration n’ouvrent pas les portails des utilisateurs. Connectez-vous avec votre propre compte utilisateur, ou allez à la console d’administration.

page-portal-title = Portail interne
page-portal-send-invites = Envoyer des invitations
page-portal-send-files = Envoyer des fichiers
page-portal-my-invitations = Mes invitations et fichiers
page-portal-api-tokens = Jetons d’API
page-portal-may-not-invite = L’envoi d’invitations n’est pas activé pour votre compte. Adressez-vous à l’administration si vous en avez besoin.

page-dropoff-title = Portail Drop-Off
page-dropoff-welcome = Bienvenue, { $name }. Votre compte est prêt.
page-dropoff-files-arrive = Les fichiers qui vous sont envoyés vous parviennent par e-mail avec un lien de téléchargement personnel.
page-dropoff-send = Envoyer des fichiers
page-dropoff-send-to = à des personnes de l’organisation.

page-bad-request-title = Demande incorrecte
page-bad-request = Le portail n’a pas pu lire cette demande. Rien n’a été modifié ; revenez en arrière et réessayez.
page-too-large-title = Cette demande est trop volumineuse
page-too-large = Rien n’a été modifié. Revenez en arrière et envoyez moins de données.
