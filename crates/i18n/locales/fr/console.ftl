
## La console d’administration.

page-console-settings = Paramètres
page-settings-portal-name = Nom du portail
page-settings-default-language = Langue par défaut
page-settings-default-language-hint = Celle des pages pour les personnes dont le navigateur ne demande aucune des langues du portail, et celle des invitations dont l’expéditeur n’en choisit aucune. Chacun peut changer de langue en bas de chaque page ; chaque invitation peut partir dans sa propre langue.
page-console-invitations = Invitations
page-settings-internal-may-invite = Les utilisateurs internes peuvent envoyer des invitations (l’autorisation ou l’interdiction propre à chacun prime)
page-settings-new-user-setting = Les nouveaux utilisateurs internes commencent avec
page-settings-inherit = hériter (suivre l’option ci-dessus)
page-settings-allow = autoriser
page-settings-deny = interdire
page-settings-renewal = La page d’un lien d’invitation expiré
page-settings-renewal-ask = propose de demander un nouveau lien à l’expéditeur
page-settings-renewal-automatic = propose tout de suite un nouveau lien (une fois par personne invitée)
page-settings-renewal-off = ne propose rien
page-settings-max-recipients = Nombre maximal de destinataires par invitation
page-settings-allowed-domains = Uniquement ces domaines de destinataires (un par ligne ; vide : tous)
page-settings-denied-domains = Jamais ces domaines de destinataires (un par ligne)
page-settings-own-domains = Les domaines de messagerie de l’organisation (un par ligne)
page-settings-own-domains-hint = Si Active Directory est configuré, une adresse de ces domaines que l’annuaire ne connaît pas est refusée, sauf si c’est autorisé ci-dessous.
page-settings-allow-unknown = Inviter ces adresses inconnues comme personnes extérieures
page-settings-group-patterns = Adresses de groupe (une par ligne)
page-settings-group-patterns-hint = Adresses qui atteignent un groupe ou une liste de diffusion, dont tous les membres partageraient un même lien : un nom suivi de @ (all@ ou team-*@, dans tout domaine) ou une adresse complète avec * (list-*@example.org). Le formulaire demande confirmation avant un tel envoi ; avec Active Directory, ses groupes comptent aussi.
page-settings-link-lifetime = Durée de validité du lien d’activation (jours)
page-settings-other-options = Autres options d’envoi
page-settings-notify-created = Me prévenir quand le compte est créé
page-settings-link-only = Invitations par lien uniquement
page-settings-link-only-hint = Aucun e-mail ne part : après l’envoi, l’expéditeur voit une fois le lien de chaque personne invitée et le transmet par sa propre messagerie. Quiconque détient un lien peut créer le compte ; ne proposez donc cette option qu’aux expéditeurs à qui vous confiez les boîtes aux lettres de leurs invités. Ces invitations ne portent pas de fichiers, n’envoient pas de copie et ne font jamais l’objet de relances.
page-settings-link-only-option = M’afficher les liens au lieu de les envoyer par e-mail
page-settings-quotas = Quotas (0 : sans limite)
page-settings-quotas-hint = Ce qu’une personne peut envoyer. Les destinataires sur 24 heures comptent invitations et fichiers ; les invitations en attente comptent les personnes invitées qui n’ont pas encore créé leur compte tant que le lien est valable. Le quota propre à une personne (Utilisateurs) prime.
page-settings-quota-internal-per-day = Personnel : destinataires sur 24 heures
page-settings-quota-internal-pending = Personnel : invitations en attente en même temps
page-settings-quota-external-per-day = Comptes Drop-Off : destinataires de fichiers sur 24 heures
page-settings-reminders = Relances
page-settings-reminders-hint = Les personnes invitées qui n’ont pas créé leur compte sont relancées, chaque fois avec un nouveau lien personnel qui expire avec le premier. Les expéditeurs peuvent désactiver les relances d’une invitation, sauf si c’est verrouillé.
page-settings-reminder-at = Quand, en pourcentage de la durée de validité du lien (deux valeurs au plus ; vide : aucune relance, pas même celles déjà prévues)
page-settings-attachment-lifetime = Conservation des pièces jointes (jours)
page-settings-downloads-per-file = Téléchargements par fichier
page-settings-max-file = Plus gros fichier (Mio)
page-settings-max-total = Total maximal par message (Mio)
page-settings-max-files = Nombre maximal de fichiers par message
page-settings-blocked-extensions = Extensions de fichier refusées (séparées par des espaces)
page-settings-download-requires-account = Les destinataires doivent créer leur compte et se connecter avant de télécharger
page-settings-dropoff-to-anyone = Les comptes Drop-Off peuvent envoyer des fichiers à n’importe qui (sinon au personnel uniquement)
page-settings-accounts = Comptes
page-settings-approval = Les nouveaux comptes attendent l’approbation de l’administration
page-settings-expire-inactive = Désactiver les comptes Drop-Off inutilisés depuis ce nombre de jours (0 : jamais)
page-settings-warn-days = Prévenir les comptes Drop-Off par e-mail ce nombre de jours avant (0 : pas d’avertissement)
page-settings-sponsor-left = Quand le parrain d’un invité part (désactivé, supprimé ou disparu de l’annuaire)
page-settings-sponsor-left-review = Garder l’invité, sans parrain, jusqu’à ce que l’administration le confie à quelqu’un
page-settings-sponsor-left-disable = Désactiver l’invité
page-settings-password-min = Longueur minimale du mot de passe
page-settings-password-upper = Les mots de passe doivent contenir une majuscule
page-settings-password-lower = … une minuscule
page-settings-password-digit = … un chiffre
page-settings-password-symbol = … un symbole
page-settings-password-common = Refuser les mots de passe courants
page-settings-two-factor-admins = L’administration doit utiliser la connexion à deux facteurs pour la console
page-settings-two-factor-staff = Comptes du personnel
page-settings-two-factor-dropoff = Comptes Drop-Off
page-settings-two-factor-hint = Exigée : chacun la configure à sa prochaine connexion (un nouveau compte Drop-Off juste après l’activation) et n’accède à rien d’autre en attendant.
page-settings-token-default = Jours de validité d’un nouveau jeton d’API, sauf si son titulaire en choisit moins
page-settings-token-max = Durée maximale qu’un titulaire peut choisir, en jours
page-settings-save = Enregistrer les paramètres
page-settings-rule-offered = Proposée aux expéditeurs
page-settings-rule-locked = Verrouillée sur la valeur par défaut
page-settings-rule-default = Par défaut
page-settings-rule-min = Minimum
page-settings-rule-max = Maximum
page-settings-option-offered = Option « { $option } » proposée
page-settings-option-on-by-default = … activée par défaut
page-settings-option-locked = … verrouillée sur la valeur par défaut
page-settings-two-factor-off = Désactivée
page-settings-two-factor-optional = Facultative : chacun choisit
page-settings-two-factor-required = Exigée
page-settings-unchanged = Rien n’a changé.
page-settings-saved-changes = { $count ->
    [one] Paramètres enregistrés : { $count } modification, consignée dans le journal d’audit.
   *[other] Paramètres enregistrés : { $count } modifications, consignées dans le journal d’audit.
}
page-console-title = Administration
page-console-users = Utilisateurs
page-console-templates = Modèles
page-console-report = Rapport
page-console-webhooks = Webhooks
page-console-audit = Journal d’audit
page-console-sign-in-title = Connexion à l’administration
page-console-sign-in-email = Adresse e-mail d’administration
page-console-sign-in-button = Se connecter à l’administration
form-console-sign-in-invalid = identifiants d’administration incorrects
page-console-pending = { $count ->
    [one] { $count } compte en attente d’approbation
   *[other] { $count } comptes en attente d’approbation
}
page-console-pending-many = { $count } comptes ou plus en attente d’approbation
page-console-none-pending = Aucun compte n’attend d’approbation.
page-console-unsponsored = { $count ->
    [one] { $count } compte Drop-Off n’a pas de parrain
   *[other] { $count } comptes Drop-Off n’ont pas de parrain
}
page-console-unsponsored-how = Leur parrain est parti : attribuez-en un nouveau à chacun, ou désactivez-les.
page-console-storage-title = Stockage
page-console-storage = { $count ->
    [one] { $count } fichier joint à des messages
   *[other] { $count } fichiers joints à des messages
}, { $size } au total ; le stockage des pièces jointes occupe { $disk }. Les fichiers expirés sont supprimés automatiquement.

## Utilisateurs.

page-users-search = Rechercher par adresse ou par nom
page-users-kind = Type
page-users-any = tous
page-users-kind-staff = personnel
page-users-kind-dropoff = Drop-Off
page-users-kind-admin = administration
page-users-status-active = actif
page-users-status-pending = en attente d’approbation
page-users-status-disabled = désactivé
page-users-guests-of = Invités de (adresse d’un parrain, ou « none »)
page-users-search-button = Rechercher
page-users-user = Utilisateur
page-users-last-used = Dernière utilisation
page-users-invitations-or-sponsor = Invitations ou parrain
page-users-sponsor = Parrain : { $sponsor }
page-users-no-sponsor = Pas de parrain
page-users-new-sponsor-of = Nouveau parrain de { $email } (adresse d’un membre du personnel)
page-users-staff-address = adresse d’un membre du personnel
page-users-set-sponsor = Définir le parrain
page-users-permission-of = Autorisation d’inviter de { $email }
page-users-set = Définir
page-users-may-invite = en vigueur : peut inviter
page-users-may-not-invite = en vigueur : ne peut pas inviter
page-users-approve = Approuver
page-users-reject-action = Refuser
page-users-enable = Activer
page-users-disable-action = Désactiver
page-users-reset-action = Réinitialiser le double facteur
page-users-quota-day = Par jour
page-users-quota-waiting = En attente
page-users-set-quota = Définir le quota
page-users-usual-quota = habituel : { $day } par jour, { $waiting } en attente ; les deux vides : l’habituel
page-users-no-limit = sans limite
page-users-none = Aucun utilisateur ne correspond.
page-users-first-page = Première page
page-users-next-page = Page suivante
page-users-never = jamais connecté
page-users-deleted = (supprimé)
page-users-no-such-address = Personne n’a l’adresse « { $text } » : tous les utilisateurs sont affichés.
page-users-not-an-address = « { $text } » n’est pas une adresse (ni « none ») : tous les utilisateurs sont affichés.
page-users-no-such-kind = Le type « { $text } » n’existe pas : tous les types sont affichés.
page-users-no-such-status = L’état « { $text } » n’existe pas : tous les états sont affichés.
page-users-two-factor-reset = La connexion à deux facteurs a été réinitialisée et les sessions de la personne ont pris fin : elle se connecte avec son seul mot de passe et la configure de nouveau (immédiatement là où elle est exigée).
page-users-approved = Approuvé : le compte peut maintenant se connecter.
page-users-rejected = Refusé : le compte est désactivé et ne peut pas se connecter.
page-users-enabled = Activé : le compte peut de nouveau se connecter.
page-users-disabled = Désactivé : le compte ne peut plus se connecter et ses sessions ont pris fin.
page-users-permission-saved = L’autorisation d’inviter a été enregistrée.
page-users-sponsor-saved = Le parrain a été enregistré ; il répond désormais de cet invité.
page-users-quota-saved = Le quota a été enregistré.
page-users-reject-title = Refuser ce compte ?
page-users-reject = Refuser le compte de { $who } ?
page-users-reject-consequence = Le compte est refusé : il est désactivé et ne peut pas se connecter. L’administration peut l’activer plus tard.
page-users-reject-button = Refuser le compte
page-users-disable-title = Désactiver ce compte ?
page-users-disable = Désactiver le compte de { $who } ?
page-users-disable-consequence = Le compte ne peut plus se connecter, ses sessions prennent fin aussitôt et ses jetons d’API cessent de fonctionner. Il peut être réactivé.
page-users-disable-button = Désactiver le compte
page-users-reset-title = Réinitialiser la connexion à deux facteurs ?
page-users-reset = Réinitialiser la connexion à deux facteurs de { $who } ?
page-users-reset-consequence = À faire pour une personne qui a perdu son appareil, après vous être assuré que c’est bien elle. Son application d’authentification et ses codes de récupération cessent de fonctionner ; elle se connecte avec son seul mot de passe et configure de nouveau la connexion à deux facteurs (immédiatement là où elle est exigée).
page-users-reset-button = Réinitialiser la connexion à deux facteurs

## Journal d’audit et rapport des invitations.

page-console-export = Exporter en CSV
page-audit-filter = Filtre (l’acteur, l’action, l’objet ou les détails contiennent)
page-audit-action-is = L’action est
page-audit-actor = Acteur
page-audit-action = Action
page-audit-subject = Objet
page-audit-none = Aucune entrée ne correspond.
page-audit-newest = Entrées les plus récentes
page-audit-older = Entrées plus anciennes
page-report-title = Rapport des invitations
page-report-hint = Ce que sont devenues les personnes invitées sur une période (invitations, pas fichiers), à ce jour. Le délai d’acceptation court de l’invitation à la création du compte. Un lien compte comme ouvert la première fois que sa page s’est affichée ; certains systèmes de messagerie ouvrent les liens pour les vérifier.
page-report-first-day-label = Premier jour
page-report-last-day-label = Dernier jour
page-report-first-day = premier jour
page-report-last-day = dernier jour
page-report-group-by = Regrouper par
page-report-inviter = Expéditeur
page-report-month = Mois
page-report-week = Semaine
page-report-show = Afficher
page-report-period = Période
page-report-group = Groupe
page-report-invited = Invitées
page-report-opened = Ouvertes
page-report-accepted = Acceptées
page-report-acceptance = Taux d’acceptation
page-report-median = Délai médian d’acceptation
page-report-waiting = En attente
page-report-expired = Expirées
page-report-revoked = Révoquées
page-report-bounced = Rejetées
page-report-all = Total
page-report-nobody = Personne n’a été invité sur cette période.
page-report-percent = { $value } %
page-report-minutes = { $minutes } min
page-report-hours = { $hours } h { $minutes } min
page-report-days = { $days } j { $hours } h
form-report-date = { $field } : saisissez une date au format AAAA-MM-JJ
form-report-group-by = regrouper par : expéditeur, mois ou semaine
form-report-last-day-too-late = dernier jour : choisissez une date antérieure au 31/12/9999
form-report-period = choisissez une période de 1 à 366 jours, le premier jour avant le dernier

## Webhooks.

page-webhooks-intro = Les outils de votre organisation sont informés de chaque étape de l’historique de chaque personne invitée dès qu’elle se produit : un POST HTTP de JSON, signé avec le secret du point de terminaison, réessayé avec une attente croissante tant que celui-ci échoue, jusqu’au délai d’abandon de l’envoi. Le guide d’exploitation explique comment un récepteur vérifie un envoi. L’en-tête de signature :
page-webhooks-header = Postern-Signature: t=<temps Unix>,v1=<HMAC-SHA256 de "t.body">
page-webhooks-secret-of = Le secret de { $url }
page-webhooks-copy-now = Copiez-le maintenant dans l’outil récepteur :
page-webhooks-once = il n’est affiché que cette fois (Postern le conserve scellé).
page-webhooks-secret = Secret
page-webhooks-none = Aucun point de terminaison pour l’instant.
page-webhooks-endpoint = Point de terminaison
page-webhooks-events = Événements
page-webhooks-last = Dernier envoi
page-webhooks-remove = Supprimer
page-webhooks-add = Ajouter un point de terminaison
page-webhooks-address = Adresse (https://…)
page-webhooks-add-button = Ajouter le point de terminaison
page-webhooks-none-yet = aucun pour l’instant
page-webhooks-failed = { $at } · échec : { $outcome }
page-webhooks-failed-since = { $at } · échec : { $outcome } · dernier succès le { $success }
page-webhooks-remove-title = Supprimer ce point de terminaison ?
page-webhooks-remove-question = Supprimer { $url } ?
page-webhooks-remove-consequence = Plus rien ne lui est envoyé, pas même les envois encore en attente.
page-webhooks-removed = Le point de terminaison a été supprimé.

## Modèles.

page-template-invitation = Invitation (partie supérieure)
page-template-internal-invitation = Invitation au personnel (partie supérieure)
page-template-subject = Objet de l’invitation
page-template-welcome = Message de bienvenue
page-template-accepted = Invitation acceptée
page-template-delivery-failed = Échec de remise
page-template-languages = Langues de ce modèle
page-template-own = votre propre texte
page-template-default-language = aucun texte propre : votre texte en { $language } est utilisé
page-template-builtin = le texte intégré
page-template-placeholders = Espaces réservés :
page-template-text = Texte ({ $language })
page-template-preview = Aperçu
page-template-save = Enregistrer le modèle
page-template-remove = Supprimer votre texte en { $language }
page-template-preview-title = Aperçu avec des valeurs d’exemple
page-template-preview-hint = Tel qu’un destinataire le lit en { $language }, dans la version texte comme dans la version HTML de l’e-mail (le reste de l’e-mail — formule d’appel, liens, expiration — s’y ajoute, dans la même langue).
page-template-unknown-title = Ce modèle n’existe pas
page-template-unknown = Il n’existe aucun modèle nommé « { $name } ».
page-template-unknown-language = Les modèles existent en { $languages } ; « { $code } » n’en fait pas partie.
page-template-saved = { $template } ({ $language }) enregistré ; les prochains messages l’utilisent.
page-template-removed = { $template } ({ $language }) : votre texte est supprimé ; désormais en vigueur : { $origin }.
form-template-subject = l’objet serait invalide : { $reason }
