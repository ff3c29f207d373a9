## Las páginas del portal. Los títulos terminan en -title.

page-language = Idioma:
page-language-unknown-title = Idioma desconocido
page-language-unknown = Las páginas del portal están disponibles en { $languages }.
page-account-nav = Cuenta
page-security-link = Seguridad
page-sign-out = Cerrar sesión
page-sign-out-question = ¿Cerrar la sesión en este navegador?
page-sign-out-consequence = Puede volver a iniciar sesión cuando quiera.
page-cancel = Cancelar
page-go-back = Volver
page-go-to-start = Ir a la página de inicio
page-go-to-sign-in = Ir a iniciar sesión
page-go-to-console = Ir a la consola de administración
page-errors-heading = Corrija lo siguiente
page-error-entry = { $label }: { $message }
page-contact-inviter = Para obtener un enlace nuevo, escriba a { $name } ({ $email }).
page-not-done = No se ha realizado

page-not-found-title = Página no encontrada
page-not-found = No hay nada en esta dirección.
page-form-address-title = Esta dirección es de un formulario
page-form-address = Esta dirección la usa un botón de una página del portal; no se abre por sí sola.
page-internal-error-title = Algo ha fallado
page-internal-error = El portal no ha podido completar su solicitud. No se ha cambiado nada; vuelva a intentarlo en un momento.
page-csrf-title = El formulario ha caducado
page-csrf = Por su seguridad, no se ha podido aceptar el formulario. Vuelva atrás, recargue la página y envíelo de nuevo.
page-too-many-title = Demasiados intentos
page-too-many = Espere un minuto antes de volver a intentarlo.
page-too-many-sign-in = Tras muchos inicios de sesión fallidos en una cuenta, la espera aumenta con cada intento, hasta 15 minutos; un inicio de sesión correcto la anula.
page-unavailable-title = No disponible temporalmente
page-unavailable = El portal no puede acceder a su base de datos en este momento. No se ha cambiado nada; vuelva a intentarlo dentro de unos segundos.

## Crear una cuenta con un enlace de activación.

page-activate-title = Crear cuenta
page-activate-intro = { $inviter } ({ $inviter_email }) le ha enviado esta invitación. El enlace solo funciona una vez y caduca el { $expiry }.
page-activate-internal = Su dirección figura en el directorio de su organización. Inicie sesión con las credenciales de su organización para activar su cuenta; no necesita otra contraseña.
page-activate-login = Usuario o dirección de correo de la organización
page-activate-login-hint = Por ejemplo, { $email }, usuario@dominio o DOMINIO\usuario.
page-activate-directory-password = Contraseña de la organización
page-activate-internal-button = Iniciar sesión y activar
page-activate-button = Crear cuenta
page-username = Nombre de usuario
page-display-name = Nombre visible
page-password = Contraseña
page-password-repeat = Repita la contraseña
page-password-min = { $count ->
    [one] al menos { $count } carácter
   *[other] al menos { $count } caracteres
}
page-password-needs-lowercase = una minúscula
page-password-needs-uppercase = una mayúscula
page-password-needs-digit = un número
page-password-needs-symbol = un símbolo
page-password-hint = Use { $length }, con { $rules }.
page-password-hint-length = Use { $length }.
page-password-common-refused = No se admiten contraseñas habituales.

field-email = Dirección de correo
field-display-name = Nombre visible
field-password = Contraseña
field-password-confirmation = Contraseña repetida
field-login = Nombre de usuario

form-passwords-differ = las dos contraseñas no coinciden
form-password-min-length = { $count ->
    [one] use al menos { $count } carácter
   *[other] use al menos { $count } caracteres
}
form-password-max-length = { $count ->
    [one] use como máximo { $count } carácter
   *[other] use como máximo { $count } caracteres
}
form-password-lowercase = incluya una minúscula
form-password-uppercase = incluya una mayúscula
form-password-digit = incluya un número
form-password-symbol = incluya un símbolo (ni letra ni número)
form-password-common = esta contraseña es demasiado habitual; elija otra
form-password-contains-email = la contraseña no puede contener su dirección de correo ni la parte anterior a la @
form-name-empty = el nombre está vacío
form-name-too-long = el nombre tiene { $count } caracteres; se admiten 100 como máximo
form-name-invalid-character = el nombre no puede contener { $character }
form-login-empty = escriba su usuario o su dirección de correo de la organización
form-directory-password-empty = escriba su contraseña de la organización
form-directory-credentials = el usuario o la contraseña no son correctos
form-not-the-invitee = estas credenciales son de una persona distinta de la invitada

page-account-created = Su cuenta se ha creado. ¡Le damos la bienvenida!
page-access-active = Su cuenta está activada. ¡Le damos la bienvenida!
page-account-pending-title = Su cuenta está pendiente de aprobación
page-account-pending = Su cuenta se ha creado. La administración debe aprobarla antes de que pueda iniciar sesión; recibirá un correo cuando lo haga.
page-directory-sign-in-title = Inicie sesión con la cuenta de su organización
page-directory-sign-in = Su dirección figura en el directorio de su organización. Inicie sesión con las credenciales de su organización.

page-link-unknown-title = Este enlace no es válido
page-link-unknown = El enlace de activación está incompleto o nunca se emitió. Copie el enlace completo de su correo.
page-link-expired-title = Este enlace ha caducado
page-link-expired = Los enlaces de activación solo funcionan durante un tiempo limitado.
page-link-used-title = Este enlace ya se ha usado
page-link-used = La cuenta de esta invitación ya se ha creado. Inicie sesión con su dirección de correo y su contraseña.
page-link-used-internal = Su acceso ya se activó con este enlace. Inicie sesión con el usuario y la contraseña de su organización.
page-link-revoked-title = Este enlace se ha revocado
page-link-revoked = La persona que le envió la invitación ha revocado este enlace o le ha enviado uno más reciente.
page-account-exists-title = Ya tiene una cuenta
page-account-exists = Ya existe una cuenta con esta dirección. Inicie sesión.
page-directory-unavailable-title = No se puede acceder al directorio
page-directory-unavailable = En este momento no se puede acceder al directorio de su organización, así que no es posible activar su cuenta. Su enlace sigue funcionando; vuelva a intentarlo dentro de unos minutos.
page-directory-no-email-title = Su cuenta del directorio no tiene dirección de correo
page-directory-no-email = El directorio de su organización no tiene ninguna dirección de correo para su cuenta, así que no puede usar este portal. Pida a su departamento de informática que añada una; su enlace sigue funcionando.

page-renewal-question = Los enlaces de activación solo funcionan durante un tiempo limitado. Puede pedir un enlace nuevo a { $inviter } ({ $inviter_email }).
page-renewal-automatic = Se enviará un enlace nuevo a la dirección a la que llegó esta invitación. Solo puede pedirlo una vez.
page-renewal-asks-inviter = { $inviter } recibirá un correo en el que se le pide que le envíe un enlace nuevo. Solo puede pedirlo una vez.
page-renewal-button = Pedir un enlace nuevo
page-renewal-asked-title = Su solicitud se ha enviado
page-renewal-asked = Se ha pedido a { $inviter } que le envíe un enlace nuevo. Le llegará por correo.
page-renewal-sent-title = Un enlace nuevo está en camino
page-renewal-sent = Se ha enviado un enlace de activación nuevo a { $email }. Sustituye al que caducó.
page-renewal-already-title = Ya se ha pedido un enlace nuevo
page-renewal-already = Solo se puede pedir un enlace nuevo una vez. Si no le ha llegado, escriba a la persona que le envió la invitación.
page-renewal-not-offered-title = Aquí no se piden enlaces nuevos
page-renewal-not-offered = Escriba a la persona que le envió la invitación y pídale que vuelva a enviarla.
page-renewal-still-valid-title = Este enlace sigue funcionando
page-renewal-still-valid = Ábralo de nuevo para crear su cuenta.

## Descargas.

page-download-title = Archivos para usted
page-download-intro = { $sender } ({ $sender_email }) ha enviado estos archivos a { $recipient }. Están disponibles hasta el { $expiry }.
page-download-file = Archivo
page-download-size = Tamaño
page-download-left = Descargas restantes
page-download-action = Descargar
page-download-limit-reached = límite alcanzado
page-download-zip = Descargar todo en un archivo ZIP
page-download-checksums = Sumas de comprobación SHA-256:
page-download-not-found-title = No encontrado
page-download-unknown = Este enlace de descarga no es válido.
page-download-no-such-file = Aquí no existe ese archivo.
page-download-expired-title = Estos archivos han caducado
page-download-expired = Estos archivos ya no están disponibles.
page-download-revoked-title = Este enlace se ha revocado
page-download-revoked = Este enlace de descarga se ha revocado.
page-download-exhausted-title = Límite de descargas alcanzado
page-download-exhausted = { $file }: se ha alcanzado el límite de descargas.
page-download-sign-in-title = Inicie sesión para descargar
page-download-sign-in = Inicie sesión como { $email } para descargar estos archivos.
page-download-not-yours-title = Estos archivos son para otra persona
page-download-not-yours = Estos archivos son para { $email }; inicie sesión con esa cuenta.
page-download-unreadable-title = Ahora no se puede leer este archivo
page-download-unreadable = Ahora no se puede leer { $file }; no se ha descontado de sus descargas. Vuelva a intentarlo más tarde.
page-download-busy-title = Hay muchas descargas en curso
page-download-busy = Ahora mismo se están descargando muchos archivos de este portal. Vuelva a intentarlo en un momento; este intento no se ha descontado de sus descargas.
page-download-missing-title = Este archivo ya no está disponible
page-download-missing = { $file } ya no está guardado aquí y no se puede descargar; no se ha descontado. Pida a quien lo envió que vuelva a enviarlo.

## Inicio de sesión y páginas de inicio de los portales.

page-sign-in = Iniciar sesión
page-sign-in-login = Dirección de correo o usuario de la organización
page-sign-in-login-hint = Personal de la organización: aquí funciona su usuario de la organización (nombre@dominio o DOMINIO\nombre).
form-sign-in-invalid = la dirección de correo o la contraseña no son correctas
form-sign-in-disabled = esta cuenta está desactivada; diríjase a la administración del portal si vuelve a necesitarla
form-sign-in-pending = su cuenta está pendiente de que la apruebe la administración
form-sign-in-directory-unavailable = ahora no se puede acceder al directorio de la organización; vuelva a intentarlo dentro de unos minutos
page-admin-account-title = Cuenta de administración
page-admin-account = Las cuentas de administración no abren los portales de usuario. Inicie sesión con su propia cuenta de usuario o vaya a la consola de administración.

page-portal-title = Portal interno
page-portal-send-invites = Enviar invitaciones
page-portal-send-files = Enviar archivos
page-portal-my-invitations = Mis invitaciones y archivos
page-portal-api-tokens = Tokens de API
page-portal-may-not-invite = El envío de invitaciones no está activado para su cuenta. Diríjase a la administración si lo necesita.

page-dropoff-title = Portal Drop-Off
page-dropoff-welcome = Le damos la bienvenida, { $name }. Su cuenta está lista.
page-dropoff-files-arrive = Los archivos que le envíen llegarán por correo con un enlace de descarga personal.
page-dropoff-send = Enviar archivos
page-dropoff-send-to = a personas de la organización.

page-bad-request-title = Solicitud incorrecta
page-bad-request = El portal no ha podido leer esta solicitud. No se ha cambiado nada; vuelva atrás e inténtelo de nuevo.
page-too-large-title = Esta solicitud es demasiado grande
page-too-large = No se ha cambiado nada. Vuelva atrás y envíe menos.
