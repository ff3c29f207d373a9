## Lo que la orden `postern` muestra a la persona ante el terminal. El idioma sigue a LC_ALL,
## LC_MESSAGES o LANG (es_ES.UTF-8 → español); C, POSIX o uno desconocido: inglés.

cli-database-up-to-date = La base de datos está al día ({ $count ->
        [one] una migración
       *[other] { $count } migraciones
    }).
cli-migrations-applied = { $count ->
        [one] Se ha aplicado una migración:
       *[other] Se han aplicado { $count } migraciones:
    }
cli-user-created = Se ha creado el usuario { $email } ({ $name }), de tipo { $kind }.
cli-user-may-invite = puede invitar
cli-user-may-not-invite = no puede invitar
cli-user-permission = { $email }: el permiso para invitar es ahora { $setting }.
cli-no-user = no hay ningún usuario { $email }
cli-check-ok = ok
cli-check-failed = FALLO
cli-checks-failed = { $count ->
        [one] ha fallado una comprobación
       *[other] han fallado { $count } comprobaciones
    }
cli-backup-database = base de datos: { $path }
cli-backup-database-postgres = base de datos: PostgreSQL no se copia aquí; ejecute pg_dump --format=custom (docs/operations.md)
cli-backup-files = archivos: { $count } copiados en { $path }
cli-backup-files-s3 = archivos: los adjuntos están en el bucket de S3 y no se copian aquí; proteja el bucket con su propio versionado o replicación
cli-backup-keys = claves: no se copian; guarde csrf.key y secret.key (o server.csrf_key y server.secret_key) aparte de esta copia
cli-restored = restaurado desde { $path }; vuelva a iniciar postern
cli-directory-none = no hay ningún directorio configurado: defina directory.urls (POSTERN_DIRECTORY__URLS)
cli-directory-name = nombre: una dirección, DOMINIO\nombre o un nombre de cuenta (256 caracteres como máximo)
cli-invite-group-none = grupo de invitación: ninguno (los ajustes del portal deciden quién invita)
cli-invite-group-found = grupo de invitación: encontrado
cli-invite-group-missing = grupo de invitación: NO ENCONTRADO: directory.invite_group no nombra ningún grupo; nadie obtiene por él permiso para invitar
cli-person-account = cuenta:             { $value }
cli-person-mail = correo:             { $value }
cli-person-no-mail = (ninguno: no puede usar el portal)
cli-person-name = nombre visible:     { $value }
cli-person-disabled = desactivada:        { $value }
cli-person-may-invite = puede invitar:      { $value }
cli-yes = sí
cli-no = no
cli-invite-group-member = sí (miembro de directory.invite_group)
cli-invite-by-settings = según los ajustes del portal
cli-not-in-directory = { $name }: no está en el directorio
cli-verdict = una invitación a { $address }: { $verdict }
cli-verdict-refused = rechazada: { $reason }
cli-verdict-internal = interna: la persona se activa con el inicio de sesión de su organización
cli-verdict-external-own = una persona externa con cuenta Drop-Off (recipients.allow_unknown_own_addresses está activado)
cli-verdict-external = una persona externa con cuenta Drop-Off
cli-portal-account-local = cuenta del portal: { $kind } — una cuenta local (con contraseña de Postern): el inicio de sesión del directorio nunca la asume; las invitaciones a esta dirección se rechazan porque la cuenta ya existe
cli-portal-account-directory = cuenta del portal: { $kind } — la cuenta que creó el inicio de sesión del directorio
cli-error = error: { $error }
cli-user-exists = ya existe un usuario con esta dirección
cli-password-refused = la contraseña no cumple las normas: { $rules }
