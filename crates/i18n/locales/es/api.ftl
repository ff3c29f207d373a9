## Los mensajes de la API para las personas: el `message` de cada error y el `reason` de cada
## detalle. Los códigos (`invalid_recipients`, `token_expired`, …) son para los programas y
## no se traducen.

api-insufficient-scope = este token solo permite leer; para enviar, reenviar o revocar, cree un token con el ámbito «send»
api-token-expired = el token de la API ha caducado; cree uno nuevo en la página de tokens de la API
api-token-required = hace falta un token de la API válido: Authorization: Bearer pstk_…
api-not-found = no hay nada en esta dirección
api-no-invitation = esa invitación no existe
api-no-recipient = ese destinatario no existe
api-method-not-allowed = esta dirección no admite este método
api-internal = no se pudo completar la solicitud; no se ha cambiado nada
api-too-many = demasiados intentos; espere un minuto
api-bad-request = no se puede leer la solicitud: { $detail }
api-body-too-large = el cuerpo de la solicitud supera los { $kib } KiB ({ $mib } MiB para una lista de invitados)
api-unsupported-media-type = envíe el cuerpo como application/json
api-invalid-invitation = la invitación no es válida
api-not-permitted = su cuenta no puede enviar invitaciones
api-list-rows = indique entre 1 y { $max } invitados
api-list-one-of = dé la lista como csv o como rows: una de las dos formas, no ambas
api-invalid-cursor = la API no ha devuelto ese cursor
api-invalid-limit = el límite debe estar entre 1 y 100
api-limit-range = de 1 a 100
api-link-unknown = este enlace de activación no es válido
api-link-expired = este enlace de activación ha caducado
api-link-used = este enlace de activación ya se ha usado
api-link-revoked = este enlace de activación se ha revocado
api-account-exists = ya existe una cuenta con esta dirección; inicie sesión
api-password-policy = la contraseña no cumple las normas
api-not-internal = esta invitación es para una persona externa; elija una contraseña para crear la cuenta
api-directory-credentials = el usuario o la contraseña no son correctos
api-directory-unavailable = ahora mismo no se puede acceder al directorio de la organización; inténtelo de nuevo dentro de unos minutos
api-not-the-invitee = estas credenciales son de otra persona, no de la invitada
api-no-email-in-directory = su cuenta del directorio no tiene dirección de correo, así que no puede usar este portal; consulte a su departamento de informática
api-idempotency-key = de 1 a 100 caracteres ASCII imprimibles, sin espacios (90 para una lista de invitados)
