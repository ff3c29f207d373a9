## Les pages du personnel : envoyer, les listes de ce qui a été envoyé, l’historique d’un destinataire.

page-back-to-portal = Retour au portail
page-list-and = { $items } et { $last }

page-send-invites-title = Envoyer des invitations
page-send-files-title = Envoyer des fichiers
page-send-invites-intro = Chaque destinataire reçoit son propre message avec un lien personnel, à usage unique, pour créer un compte Drop-Off. Séparez les adresses par des virgules ou des points-virgules.
page-send-files-intro = Chaque destinataire reçoit son propre message avec un lien personnel pour télécharger les fichiers. Séparez les adresses par des virgules ou des points-virgules.
page-send-dropoff-intro = Envoyez des fichiers à des personnes de l’organisation. Chacune reçoit un lien personnel pour les télécharger.
page-send-not-permitted-title = Les invitations ne sont pas activées pour vous
page-send-not-permitted = Votre compte ne peut pas envoyer d’invitations. Adressez-vous à l’administration si vous en avez besoin.
page-send-default-message = Cliquez sur le lien ci-dessous pour créer votre compte Drop-Off. Il vous permettra de recevoir les fichiers que je vous envoie et de m’en renvoyer en toute sécurité.
page-send-files-default-subject = Fichiers de { $name }
page-send-files-default-message = Voici les fichiers.
page-send-from = De
page-send-to = À
page-send-add-cc = Ajouter Cc
page-send-cc = Cc
page-send-add-bcc = Ajouter Cci
page-send-bcc = Cci
page-send-bcc-hint = Les destinataires en Cci ne sont jamais montrés aux autres.
page-send-subject = Objet
page-send-subject-hint = (256 caractères au plus)
page-send-message = Message
page-send-language = Langue de l’e-mail
page-send-language-hint = L’e-mail aux destinataires et la page qu’ouvre leur lien sont rédigés dans cette langue (ils peuvent afficher la page dans une autre).
page-send-files = Fichiers
page-send-files-optional = Facultatif.
page-send-files-needed = Au moins un fichier.
page-send-files-hint = { $need } Jusqu’à { $count } fichiers, { $each } chacun, { $total } au total. Les destinataires reçoivent un lien de téléchargement personnel ; les fichiers restent sur le serveur et ne sont jamais envoyés par e-mail.
page-send-groups = Adresses de groupe
page-send-groups-why = Ces adresses ressemblent à des groupes ou à des listes de diffusion : tous les membres recevraient le même lien, et le premier à l’ouvrir créerait le compte pour toute la liste :
page-send-groups-how = Invitez ces personnes une par une, ou envoyez quand même au groupe.
page-send-existing = Ont déjà un compte
page-send-existing-why = Ces personnes ont déjà un compte sur ce portail ; une invitation ne ferait que le leur rappeler :
page-send-existing-how = Retirez-les des champs À, Cc et Cci, ou envoyez-leur quand même.
page-send-all-the-same = Leur envoyer quand même
page-send-options = Options d’envoi
page-send-link-lifetime = Durée de validité du lien (jours, { $min }–{ $max })
page-send-files-lifetime = Fichiers disponibles pendant (jours, { $min }–{ $max })
page-send-download-limit = Téléchargements par fichier et par destinataire ({ $min }–{ $max })
page-send-notify-accept = Me prévenir quand une personne invitée crée son compte
page-send-reminders = Relancer les personnes invitées qui n’ont pas encore créé leur compte
page-send-reminders-hint = Les relances partent après { $percents } de la durée de validité du lien, chacune avec un nouveau lien ; dès qu’un lien a servi, tous cessent de fonctionner.
page-send-link-only = Ne pas envoyer l’invitation par e-mail : m’afficher les liens à transmettre moi-même
page-send-link-only-hint = Après l’envoi, vous voyez une seule fois le lien de chaque personne invitée, à copier dans votre propre message. Pas de copie, pas de relances et pas de fichiers avec une telle invitation.
page-send-notify-download = Me prévenir quand un destinataire télécharge un fichier pour la première fois
page-send-copy = M’envoyer une copie
page-send-broken-title = Le formulaire n’est pas arrivé complet
page-send-broken = { $why }. Rien n’a été envoyé et aucun fichier n’a été conservé ; réessayez.
page-send-invitation-sent = { $count ->
    [one] Votre invitation est en route vers { $count } destinataire.
   *[other] Votre invitation est en route vers { $count } destinataires.
}
page-send-files-sent = { $count ->
    [one] Vos fichiers sont en route vers { $count } destinataire.
   *[other] Vos fichiers sont en route vers { $count } destinataires.
}
page-send-replayed = { $count ->
    [one] Ce formulaire a déjà été envoyé le { $sent } à { $count } destinataire ; rien n’a été renvoyé.
   *[other] Ce formulaire a déjà été envoyé le { $sent } à { $count } destinataires ; rien n’a été renvoyé.
}
form-files-refused = { $reason } ; aucun fichier n’a été conservé, choisissez de nouveau les fichiers
form-files-not-stored = les fichiers n’ont pas pu être enregistrés pour le moment ; rien n’a été envoyé et aucun fichier n’a été conservé, réessayez dans un instant
form-files-not-kept = les fichiers choisis ({ $names }) n’ont pas été conservés à cause des autres problèmes du formulaire : choisissez-les de nouveau avant d’envoyer
form-file-blocked = { $name } : les fichiers se terminant par .{ $extension } ne sont pas acceptés
form-file-too-large = { $name } : dépasse la limite de { $limit } Mio par fichier
form-files-too-large = les fichiers dépassent ensemble la limite de { $limit } Mio
form-files-too-many = { $count } fichiers au plus par message
form-has-account = { $address } a déjà un compte sur ce portail
form-group-address = { $address } ressemble à un groupe ou à une liste de diffusion : tous ses membres partageraient le même lien, et le premier à l’ouvrir créerait le compte

page-list-title = Mes invitations
page-list-all-title = Toutes les invitations
page-list-invite-a-list = Inviter une liste
page-list-none = Aucune invitation.
page-list-from = De { $sender }
page-list-sent = Envoyée le { $date }
page-list-files-until = fichiers disponibles jusqu’au { $date }
page-list-link-lifetime = { $days ->
    [one] lien valable { $days } jour
   *[other] lien valable { $days } jours
}
page-list-link-only = liens remis à l’expéditeur, pas d’e-mail
page-list-recipient = Destinataire
page-list-role = Champ
page-list-status = État
page-list-details = Détails
page-list-actions = Actions
page-list-internal = interne
page-list-internal-hint = De l’organisation : s’active avec la connexion de l’organisation
page-list-resend = Renvoyer
page-list-send-link-again = Renvoyer le lien
page-list-revoke = Révoquer
page-list-history = Historique
page-list-to-whom = à { $address }
page-list-of-whom = de { $address }
page-list-older = Invitations plus anciennes
page-list-sender-contains = L’expéditeur contient
page-list-recipient-contains = Le destinataire contient
page-list-state = État du destinataire
page-list-any-state = tous
page-list-filter = Filtrer
page-list-valid-until = lien valable jusqu’au { $date }
page-list-link-shown = pas d’e-mail : le lien a été montré à l’expéditeur
page-list-reminded = { $count ->
    [one] relancé une fois
   *[other] relancé { $count } fois
}
page-list-next-reminder = prochaine relance le { $date }
page-list-delivered = remis le { $date }
page-list-downloaded = au moins un fichier téléchargé
page-list-accepted = compte créé le { $date }
page-list-files-expired = les fichiers ont expiré
page-list-link-expired = lien expiré le { $date }
page-list-revoked-by-sender = révoqué par l’expéditeur
page-list-revoked-by-admin = révoqué par l’administration
page-list-deferred = le serveur de messagerie sera de nouveau sollicité
page-list-bounced = le serveur de messagerie a refusé le message
page-list-no-such-invitation = Cette invitation n’existe pas.
page-list-resent = Un nouveau lien est en route ; les liens précédents ne fonctionnent plus.
page-list-revoked = Révoqué : ses liens ne fonctionnent plus.
page-list-not-changed = Rien n’a été modifié : { $reason }.

state-queued = En attente
state-deferred = Différé
state-sent = Envoyé
state-delivered = Remis
state-downloaded = Téléchargé
state-bounced = Rejeté
state-accepted = Accepté
state-expired = Expiré
state-revoked = Révoqué

page-confirm-show-link-title = Afficher un nouveau lien ?
page-confirm-show-link = Créer un nouveau lien pour { $address } concernant « { $subject } » ?
page-confirm-show-link-consequence = Le nouveau lien vous est montré une seule fois, pour que vous le transmettiez vous-même ; rien n’est envoyé par e-mail. Le lien précédent cesse aussitôt de fonctionner.
page-confirm-show-link-button = Afficher un nouveau lien
page-confirm-resend-title = Envoyer un nouveau lien ?
page-confirm-resend = Envoyer à { $address } un nouveau lien concernant « { $subject } » ?
page-confirm-resend-consequence = Un nouveau message avec un nouveau lien d’activation part ; le lien précédent cesse aussitôt de fonctionner.
page-confirm-resend-files-consequence = Un nouveau message avec un nouveau lien de téléchargement part ; le lien précédent cesse aussitôt de fonctionner.
page-confirm-resend-button = Envoyer un nouveau lien
page-confirm-revoke-title = Révoquer ce lien ?
page-confirm-revoke = Révoquer le lien envoyé à { $address } concernant « { $subject } » ?
page-confirm-revoke-consequence = Le lien cesse aussitôt de fonctionner. Rien n’est envoyé au destinataire.
page-confirm-revoke-button = Révoquer le lien

page-links-title = Liens à transmettre
page-links-intro = Aucun e-mail n’a été envoyé pour « { $subject } ». Copiez chaque lien dans votre propre message à la personne concernée :
page-links-once = cette page ne les affiche qu’une fois, et Postern ne conserve qu’une empreinte de chacun.
page-links-hint = Chaque lien est personnel : quiconque l’ouvre peut créer le compte de cette adresse. Si l’un se perd, utilisez « Renvoyer » dans Mes invitations pour en obtenir un nouveau (l’ancien cesse alors de fonctionner).
page-links-invitee = Personne invitée
page-links-link = Lien
page-links-until = Valable jusqu’au
page-links-link-for = Lien pour { $address }

page-history-title = Historique de { $address }
page-history-intro = « { $subject } », envoyé le { $sent } · état actuel :
page-history-time = Heure
page-history-what = Événement
page-history-by = Par
page-history-by-sender = l’expéditeur
page-history-by-admin = l’administration
page-history-by-invitee = la personne invitée
page-history-by-portal = Postern
page-history-opened-hint = Un lien compte comme ouvert la première fois que sa page s’affiche ; certains systèmes de messagerie ouvrent les liens pour les vérifier avant la personne invitée.

event-queued = mis en file d’attente
event-link-shown = lien montré à l’expéditeur (pas d’e-mail)
event-sent = remis au système de messagerie
event-deferred = remise différée, nouvel essai plus tard
event-bounced = refusé par le système de messagerie
event-reminded = relance mise en file d’attente
event-opened = lien ouvert
event-accepted = compte créé
event-expired = lien expiré
event-revoked = révoqué
event-resent = nouveau lien envoyé
event-renewal-requested = nouveau lien demandé
event-renewed = nouveau lien envoyé automatiquement
event-downloaded = fichier téléchargé

## Sécurité : sessions, connexion à deux facteurs, jetons d’API.

page-security-title = Sécurité
page-two-factor-title = Connexion à deux facteurs
page-security-two-factor-on = { $count ->
    [one] Activée : après votre mot de passe, vous saisissez un code de votre application d’authentification ({ $count } code de récupération restant).
   *[other] Activée : après votre mot de passe, vous saisissez un code de votre application d’authentification ({ $count } codes de récupération restants).
}
page-security-two-factor-manage = Gérer la connexion à deux facteurs
page-security-two-factor-off = Désactivée. Un code d’une application sur votre téléphone, demandé après votre mot de passe, protège votre compte même si votre mot de passe fuite.
page-security-two-factor-set-up = Configurer la connexion à deux facteurs
page-security-where = Où vous êtes connecté
page-security-where-account = Chaque ligne est un navigateur connecté à votre compte. Mettez fin à celles que vous ne reconnaissez pas et prévenez l’administration du portail.
page-security-where-console = Chaque ligne est un navigateur connecté à votre console d’administration. Mettez fin à celles que vous ne reconnaissez pas et prévenez l’administration du portail.
page-security-signed-in = Connexion
page-security-last-active = Dernière activité
page-security-from = Depuis
page-security-browser = Navigateur
page-security-unknown-browser = inconnu
page-security-this-browser = ce navigateur
page-security-end-session = Mettre fin à cette session
page-security-revoke-tokens = Révoquer aussi tous mes jetons d’API
page-security-everywhere = Se déconnecter partout ailleurs
page-security-live-tokens = { $count ->
    [one] Vous avez { $count } jeton d’API valide.
   *[other] Vous avez { $count } jetons d’API valides.
}
page-security-manage-tokens = Gérer les jetons d’API
page-security-this-browser-problem = C’est la session de ce navigateur : utilisez « Se déconnecter » pour y mettre fin.
page-security-session-ended = La session a pris fin ; ce navigateur devra se reconnecter.
page-security-session-already-ended = Cette session avait déjà pris fin.
page-security-everywhere-done = { $count ->
    [one] Déconnecté partout ailleurs : { $count } session terminée.
   *[other] Déconnecté partout ailleurs : { $count } sessions terminées.
}
page-security-tokens-revoked = { $count ->
    [one] { $count } jeton d’API révoqué.
   *[other] { $count } jetons d’API révoqués.
}
page-tokens-intro = Des outils comme les compléments de messagerie et les scripts utilisent un jeton d’API personnel pour agir en votre nom via l’API de Postern. Traitez un jeton comme un mot de passe ; révoquez-le quand l’outil n’en a plus besoin.
page-tokens-api-docs = Documentation de l’API
page-tokens-new = Votre nouveau jeton
page-tokens-copy-now = (copiez-le maintenant : il ne s’affiche qu’une fois) :
page-tokens-name = Nom du nouveau jeton
page-tokens-name-hint = À quoi il servira, par exemple « complément Outlook » ou « script de nuit ».
page-tokens-scope = Ce que l’outil peut faire
page-tokens-scope-read-label = Lire mes invitations uniquement
page-tokens-scope-send-label = Lire, envoyer, renvoyer et révoquer des invitations
page-tokens-days = Jours avant que le jeton cesse de fonctionner
page-tokens-days-hint = { $max } jours au plus (la limite fixée par l’administration).
page-tokens-create = Créer le jeton
page-tokens-yours = Vos jetons
page-tokens-none = Vous n’avez aucun jeton d’API.
page-tokens-col-name = Nom
page-tokens-col-may = Droits
page-tokens-col-created = Créé
page-tokens-col-expires = Expire
page-tokens-col-last-used = Dernière utilisation
page-tokens-never = jamais
page-tokens-scope-read = lecture
page-tokens-scope-send = lecture et envoi
page-tokens-revoked-status = révoqué
page-tokens-expired-status = expiré
page-tokens-active-status = actif
page-tokens-form-used = Ce formulaire a déjà créé son jeton, dont le secret a été affiché une fois ; le jeton figure dans la liste ci-dessous. Créez-en un nouveau si nécessaire.
page-tokens-revoked = Le jeton a été révoqué ; les outils qui l’utilisent sont désormais refusés.
page-tokens-no-such-token = Ce jeton n’existe pas ou a déjà été révoqué.
form-token-scope = choisissez ce que l’outil peut faire
form-token-days-number = saisissez un nombre entier de jours
form-token-name = 1 à 100 caractères, sans caractère de contrôle ni invisible
form-token-administrator = les comptes d’administration n’ont pas de jetons d’API : l’API est destinée au personnel et aux comptes Drop-Off
form-token-days-range = entre 1 et { $max } jours

## Connexion à deux facteurs.

page-two-factor-codes = Vos codes de récupération
page-two-factor-codes-how = (affichés maintenant seulement) : chacun fonctionne une fois, à la place d’un code de votre application, si vous perdez votre appareil. Imprimez-les ou gardez-les dans votre gestionnaire de mots de passe.
page-two-factor-continue = Continuer
page-two-factor-required = L’administration exige la connexion à deux facteurs pour votre compte : configurez-la pour continuer.
page-two-factor-on = { $count ->
    [one] La connexion à deux facteurs est activée : après votre mot de passe, vous saisissez un code de votre application d’authentification. Il vous reste { $count } code de récupération inutilisé.
   *[other] La connexion à deux facteurs est activée : après votre mot de passe, vous saisissez un code de votre application d’authentification. Il vous reste { $count } codes de récupération inutilisés.
}
page-two-factor-new-codes = Nouveaux codes de récupération
page-two-factor-renew-code = Un code de votre application (les anciens codes de récupération cessent de fonctionner)
page-two-factor-make-codes = Créer de nouveaux codes de récupération
page-two-factor-turn-off = Désactiver
page-two-factor-off-code = Un code de votre application, ou un code de récupération
page-two-factor-turn-off-button = Désactiver la connexion à deux facteurs
page-two-factor-step-install = Installez une application d’authentification sur votre téléphone (n’importe laquelle qui gère les codes temporels standard).
page-two-factor-step-scan = Scannez ce code avec elle, ou saisissez la clé ci-dessous.
page-two-factor-step-enter = Saisissez le code à six chiffres que l’application affiche alors.
page-two-factor-qr = Code QR pour ajouter { $portal } à une application d’authentification
page-two-factor-key = Clé :
page-two-factor-code-from-app = Code de l’application
page-two-factor-turn-on = Activer la connexion à deux facteurs
page-two-factor-back = Retour à Sécurité
page-two-factor-enter-code = Saisissez le code à six chiffres que votre application d’authentification affiche pour { $portal }. Appareil perdu ? Saisissez plutôt l’un de vos codes de récupération.
page-two-factor-code = Code
page-two-factor-restart = Recommencer avec votre mot de passe
page-two-factor-password-first = Connectez-vous d’abord avec votre mot de passe (le code doit suivre dans les cinq minutes).
page-two-factor-recovery-used = { $count ->
    [one] Vous vous êtes connecté avec un code de récupération ; il en reste { $count }. Créez-en de nouveaux sur la page Sécurité s’il vous en reste peu, et configurez-y votre nouvel appareil.
   *[other] Vous vous êtes connecté avec un code de récupération ; il en reste { $count }. Créez-en de nouveaux sur la page Sécurité s’il vous en reste peu, et configurez-y votre nouvel appareil.
}
page-two-factor-now-on = La connexion à deux facteurs est activée. Désormais, vous saisissez un code de votre application après votre mot de passe.
page-two-factor-now-off = La connexion à deux facteurs est désactivée.
form-two-factor-wrong-code-setup = ce code n’est pas bon ; saisissez les six chiffres que l’application affiche maintenant
form-two-factor-wrong-code = ce code n’est pas bon ; saisissez les six chiffres que votre application d’authentification affiche maintenant, ou l’un de vos codes de récupération
form-two-factor-reused = ce code a déjà servi ; attendez le suivant (un nouveau code apparaît toutes les 30 secondes)
form-two-factor-not-enrolled = la connexion à deux facteurs n’est pas configurée pour ce compte
form-two-factor-already-on = la connexion à deux facteurs est déjà activée ; désactivez-la d’abord pour configurer un autre appareil
form-two-factor-required = l’administration exige la connexion à deux facteurs pour votre compte ; elle ne peut donc pas être désactivée
form-two-factor-not-offered = la connexion à deux facteurs n’est pas proposée pour votre type de compte
form-two-factor-not-offered-page = La connexion à deux facteurs n’est pas proposée pour votre type de compte.
form-two-factor-unreadable = le secret de connexion à deux facteurs ne peut pas être lu avec la clé de ce serveur (server.secret_key) ; l’administration peut réinitialiser la connexion à deux facteurs du compte

## Inviter une liste.

page-bulk-intro = Jusqu’à 10 000 personnes à partir d’un fichier CSV (une colonne email, et en option name et language ; séparateurs virgule, point-virgule ou tabulation ; avec ou sans ligne d’en-tête) ou d’une liste JSON d’objets portant les mêmes noms. « Vérifier la liste » signale chaque ligne qui ne peut pas être invitée, avec son numéro, et n’envoie rien ; « Envoyer des invitations » invite toutes les autres lignes. Chaque personne reçoit son propre message, adressé à elle seule.
page-bulk-checked = { $count ->
    [one] Vérifiée : { $count } ligne
   *[other] Vérifiées : { $count } lignes
}
page-bulk-sent = { $count ->
    [one] Envoyée : { $count } ligne
   *[other] Envoyées : { $count } lignes
}
page-bulk-valid = { $count ->
    [one] { $count } ligne peut être invitée ; rien n’a été envoyé.
   *[other] { $count } lignes peuvent être invitées ; rien n’a été envoyé.
}
page-bulk-replayed = Cette liste a déjà été envoyée avec ce formulaire ; rien n’a été renvoyé.
page-bulk-queued = { $count ->
    [one] { $count } personne est en file d’attente
   *[other] { $count } personnes sont en file d’attente
}, { $invitations ->
    [one] dans { $invitations } invitation.
   *[other] dans { $invitations } invitations.
}
page-bulk-follow = Suivre l’envoi
page-bulk-all-valid = Toutes les lignes peuvent être invitées.
page-bulk-left-out = { $count ->
    [one] Écartée : { $count } ligne.
   *[other] Écartées : { $count } lignes.
}
page-bulk-line = Ligne
page-bulk-entry = Entrée
page-bulk-address = Adresse
page-bulk-problem = Problème
page-bulk-file = La liste (fichier CSV ou JSON)
page-bulk-file-hint = Un navigateur ne conserve jamais un fichier choisi : choisissez-le de nouveau après une vérification.
page-bulk-paste = Ou collez la liste
page-bulk-paste-label = Une personne par ligne : adresse, nom, langue
page-bulk-check = Vérifier la liste
page-bulk-unreadable-title = Le formulaire n’a pas pu être lu
page-bulk-unreadable = { $why } ; rien n’a été envoyé.
page-bulk-progress-title = Envoi d’une liste
page-bulk-progress-none = Aucune liste n’a été envoyée avec ce formulaire.
page-bulk-progress-summary = { $count ->
    [one] { $count } personne invitée
   *[other] { $count } personnes invitées
} { $invitations ->
    [one] dans { $invitations } invitation.
   *[other] dans { $invitations } invitations.
}
page-bulk-progress-waiting = { $count ->
    [one] { $count } message est encore en route ; cette page se met à jour toutes les 5 secondes.
   *[other] { $count } messages sont encore en route ; cette page se met à jour toutes les 5 secondes.
}
page-bulk-progress-done = Tous les messages sont partis.
page-bulk-invitees = Personnes
page-bulk-another = Inviter une autre liste
form-list-too-large = la liste dépasse 4 Mio : divisez-la en plusieurs
form-list-both = choisissez un fichier ou collez une liste, pas les deux
form-list-none = choisissez un fichier contenant la liste, ou collez-la
form-row-language = « { $code } » n’est pas une langue dans laquelle les invitations sont rédigées ({ $languages })
form-row-own-address = c’est votre propre adresse
form-row-has-account = a déjà un compte sur ce portail
form-row-group-address = ressemble à une adresse de groupe : tous ses membres partageraient le même lien
