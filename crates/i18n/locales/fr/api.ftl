## Les messages de l’API destinés aux personnes : le `message` de chaque erreur et le `reason`
## de chaque détail. Les codes (`invalid_recipients`, `token_expired`, …) servent aux
## programmes et restent en anglais.

api-insufficient-scope = ce jeton ne permet que la lecture ; pour envoyer, renvoyer ou révoquer, créez un jeton avec la portée « send »
api-token-expired = le jeton d’API a expiré ; créez-en un nouveau sur la page des jetons d’API
api-token-required = il faut un jeton d’API valide : Authorization: Bearer pstk_…
api-not-found = il n’y a rien à cette adresse
api-no-invitation = cette invitation n’existe pas
api-no-recipient = ce destinataire n’existe pas
api-method-not-allowed = cette adresse ne répond pas à cette méthode
api-internal = la demande n’a pas pu aboutir ; rien n’a été modifié
api-too-many = trop de tentatives ; patientez une minute
api-bad-request = la demande est illisible : { $detail }
api-body-too-large = le corps de la demande dépasse { $kib } Kio ({ $mib } Mio pour une liste d’invités)
api-unsupported-media-type = envoyez le corps au format application/json
api-invalid-invitation = l’invitation n’est pas valable
api-not-permitted = votre compte n’a pas le droit d’envoyer des invitations
api-list-rows = indiquez entre 1 et { $max } invités
api-list-one-of = donnez la liste soit en csv, soit en rows : l’un des deux, pas les deux
api-invalid-cursor = ce curseur n’a pas été fourni par l’API
api-invalid-limit = la limite doit être comprise entre 1 et 100
api-limit-range = de 1 à 100
api-link-unknown = ce lien d’activation n’est pas valable
api-link-expired = ce lien d’activation a expiré
api-link-used = ce lien d’activation a déjà servi
api-link-revoked = ce lien d’activation a été révoqué
api-account-exists = un compte existe déjà pour cette adresse ; connectez-vous plutôt
api-password-policy = le mot de passe ne respecte pas les règles
api-not-internal = cette invitation s’adresse à une personne extérieure ; choisissez un mot de passe pour créer le compte
api-directory-credentials = nom d’utilisateur ou mot de passe incorrect
api-directory-unavailable = l’annuaire de l’organisation est injoignable pour le moment ; réessayez dans quelques minutes
api-not-the-invitee = ces identifiants appartiennent à une autre personne que celle invitée
api-no-email-in-directory = votre compte d’annuaire n’a pas d’adresse e-mail et ne peut donc pas utiliser ce portail ; adressez-vous à votre service informatique
api-idempotency-key = 1 à 100 caractères ASCII imprimables, sans espace (90 pour une liste d’invités)
