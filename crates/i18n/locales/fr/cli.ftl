## Ce que la commande `postern` affiche pour la personne au terminal. La langue suit LC_ALL,
## LC_MESSAGES ou LANG (fr_FR.UTF-8 → français) ; C, POSIX ou une langue inconnue : anglais.

cli-database-up-to-date = La base de données est à jour ({ $count ->
        [one] une migration
       *[other] { $count } migrations
    }).
cli-migrations-applied = { $count ->
        [one] Une migration appliquée :
       *[other] { $count } migrations appliquées :
    }
cli-user-created = Utilisateur { $email } ({ $name }) créé, type : { $kind }.
cli-user-may-invite = peut inviter
cli-user-may-not-invite = ne peut pas inviter
cli-user-permission = { $email } : le droit d’inviter est désormais { $setting }.
cli-no-user = aucun utilisateur { $email }
cli-check-ok = ok
cli-check-failed = ÉCHEC
cli-checks-failed = { $count ->
        [one] une vérification a échoué
       *[other] { $count } vérifications ont échoué
    }
cli-backup-database = base de données : { $path }
cli-backup-database-postgres = base de données : PostgreSQL n’est pas copié ici ; lancez pg_dump --format=custom (docs/operations.md)
cli-backup-files = fichiers : { $count } copiés dans { $path }
cli-backup-files-s3 = fichiers : les pièces jointes restent dans le bucket S3 et ne sont pas copiées ici ; sauvegardez le bucket avec son propre versionnage ou sa réplication
cli-backup-keys = clés : non copiées ; conservez csrf.key et secret.key (ou server.csrf_key et server.secret_key) à part de cette sauvegarde
cli-restored = restauré depuis { $path } ; relancez postern
cli-directory-none = aucun annuaire n’est configuré : renseignez directory.urls (POSTERN_DIRECTORY__URLS)
cli-directory-name = nom : une adresse, DOMAINE\nom ou un nom de compte (256 caractères au plus)
cli-invite-group-none = groupe d’invitation : aucun (les réglages du portail décident qui invite)
cli-invite-group-found = groupe d’invitation : trouvé
cli-invite-group-missing = groupe d’invitation : INTROUVABLE : directory.invite_group ne désigne aucun groupe ; personne ne reçoit le droit d’inviter par ce biais
cli-person-account = compte :              { $value }
cli-person-mail = e-mail :              { $value }
cli-person-no-mail = (aucun : ne peut pas utiliser le portail)
cli-person-name = nom affiché :         { $value }
cli-person-disabled = désactivé :           { $value }
cli-person-may-invite = peut inviter :        { $value }
cli-yes = oui
cli-no = non
cli-invite-group-member = oui (membre de directory.invite_group)
cli-invite-by-settings = selon les réglages du portail
cli-not-in-directory = { $name } : absent de l’annuaire
cli-verdict = une invitation à { $address } : { $verdict }
cli-verdict-refused = refusée : { $reason }
cli-verdict-internal = interne : la personne s’active avec la connexion de son organisation
cli-verdict-external-own = une personne extérieure avec un compte Drop-Off (recipients.allow_unknown_own_addresses est activé)
cli-verdict-external = une personne extérieure avec un compte Drop-Off
cli-portal-account-local = compte du portail : { $kind } — un compte local (avec un mot de passe Postern) : la connexion par l’annuaire ne le reprend jamais ; les invitations à cette adresse sont refusées, le compte existant déjà
cli-portal-account-directory = compte du portail : { $kind } — le compte créé par la connexion par l’annuaire
cli-error = erreur : { $error }
cli-user-exists = un utilisateur existe déjà avec cette adresse
cli-password-refused = le mot de passe ne respecte pas les règles : { $rules }
