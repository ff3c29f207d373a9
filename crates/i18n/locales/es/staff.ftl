## Las páginas del personal: enviar, las listas de lo enviado y el historial de cada destinatario.

page-back-to-portal = Volver al portal
page-list-and = { $items } y { $last }

page-send-invites-title = Enviar invitaciones
page-send-files-title = Enviar archivos
page-send-invites-intro = Cada persona destinataria recibe su propio mensaje con un enlace personal de un solo uso para crear una cuenta Drop-Off. Separe las direcciones con comas o puntos y coma.
page-send-files-intro = Cada persona destinataria recibe su propio mensaje con un enlace personal para descargar los archivos. Separe las direcciones con comas o puntos y coma.
page-send-dropoff-intro = Envíe archivos a personas de la organización. Cada una recibe un enlace personal para descargarlos.
page-send-not-permitted-title = Las invitaciones no están activadas para usted
page-send-not-permitted = Su cuenta no puede enviar invitaciones. Diríjase a la administración si lo necesita.
page-send-default-message = Use el enlace de abajo para crear su cuenta Drop-Off. Con ella podrá recibir los archivos que le envíe y enviarme archivos de forma segura.
page-send-files-default-subject = Archivos de { $name }
page-send-files-default-message = Aquí tiene los archivos.
page-send-from = De
page-send-to = Para
page-send-add-cc = Añadir CC
page-send-cc = CC
page-send-add-bcc = Añadir CCO
page-send-bcc = CCO
page-send-bcc-hint = Las personas en CCO nunca se muestran a nadie más.
page-send-subject = Asunto
page-send-subject-hint = (hasta 256 caracteres)
page-send-message = Mensaje
page-send-language = Idioma del correo
page-send-language-hint = El correo a las personas destinatarias y la página que abre su enlace están escritos en este idioma (pueden cambiar la página a otro).
page-send-files = Archivos
page-send-files-optional = Opcional.
page-send-files-needed = Al menos un archivo.
page-send-files-hint = { $need } Hasta { $count } archivos, { $each } cada uno, { $total } en total. Las personas destinatarias reciben un enlace de descarga personal; los archivos se quedan en el servidor y nunca se envían por correo.
page-send-groups = Direcciones de grupo
page-send-groups-why = Estas direcciones parecen grupos o listas de distribución: todos sus miembros recibirían el mismo enlace y quien lo abriera primero crearía la cuenta para toda la lista:
page-send-groups-how = Invite a esas personas una a una o envíe al grupo de todos modos.
page-send-existing = Ya tienen cuenta
page-send-existing-why = Estas personas ya tienen cuenta en este portal; una invitación solo se lo recordaría:
page-send-existing-how = Quítelas de Para, CC y CCO, o envíeles la invitación de todos modos.
page-send-all-the-same = Enviar de todos modos
page-send-options = Opciones de entrega
page-send-link-lifetime = Validez del enlace (días, { $min }–{ $max })
page-send-files-lifetime = Archivos disponibles durante (días, { $min }–{ $max })
page-send-download-limit = Descargas por archivo y persona ({ $min }–{ $max })
page-send-notify-accept = Avisarme cuando una persona invitada cree su cuenta
page-send-reminders = Recordárselo a quienes aún no hayan creado su cuenta
page-send-reminders-hint = Los recordatorios salen tras el { $percents } de la validez del enlace, cada uno con un enlace más; en cuanto se usa uno, dejan de funcionar todos.
page-send-link-only = No enviar la invitación por correo: mostrarme los enlaces para enviarlos yo
page-send-link-only-hint = Tras enviar verá una sola vez el enlace de cada persona invitada, para copiarlo en su propio mensaje. Sin copia, sin recordatorios y sin archivos en este tipo de invitación.
page-send-notify-download = Avisarme cuando alguien descargue un archivo por primera vez
page-send-copy = Enviarme una copia
page-send-broken-title = El formulario no ha llegado completo
page-send-broken = { $why }. No se ha enviado nada ni se ha guardado ningún archivo; vuelva a intentarlo.
page-send-invitation-sent = { $count ->
    [one] Su invitación va de camino a { $count } persona.
   *[other] Su invitación va de camino a { $count } personas.
}
page-send-files-sent = { $count ->
    [one] Sus archivos van de camino a { $count } persona.
   *[other] Sus archivos van de camino a { $count } personas.
}
page-send-replayed = { $count ->
    [one] Este formulario ya se envió el { $sent } a { $count } persona; no se ha vuelto a enviar nada.
   *[other] Este formulario ya se envió el { $sent } a { $count } personas; no se ha vuelto a enviar nada.
}
form-files-refused = { $reason }; no se ha guardado ningún archivo, vuelva a elegirlos
form-files-not-stored = ahora no se han podido guardar los archivos; no se ha enviado nada ni se ha guardado ningún archivo, vuelva a intentarlo en un momento
form-files-not-kept = los archivos elegidos ({ $names }) no se han guardado por los demás problemas del formulario: vuelva a elegirlos antes de enviar
form-file-blocked = { $name }: no se admiten archivos con la extensión .{ $extension }
form-file-too-large = { $name }: supera el límite de { $limit } MiB por archivo
form-files-too-large = los archivos juntos superan el límite de { $limit } MiB
form-files-too-many = como máximo { $count } archivos por mensaje
form-has-account = { $address } ya tiene cuenta en este portal
form-group-address = { $address } parece un grupo o una lista de distribución: todos sus miembros compartirían un mismo enlace y quien lo abriera primero crearía la cuenta

page-list-title = Mis invitaciones
page-list-all-title = Todas las invitaciones
page-list-invite-a-list = Invitar a una lista
page-list-none = No hay invitaciones.
page-list-from = De { $sender }
page-list-sent = Enviada el { $date }
page-list-files-until = archivos disponibles hasta el { $date }
page-list-link-lifetime = { $days ->
    [one] enlace válido { $days } día
   *[other] enlace válido { $days } días
}
page-list-link-only = enlaces entregados al remitente, sin correo
page-list-recipient = Destinatario
page-list-role = Campo
page-list-status = Estado
page-list-details = Detalles
page-list-actions = Acciones
page-list-internal = interno
page-list-internal-hint = De la organización: se activa con el inicio de sesión de la organización
page-list-resend = Reenviar
page-list-send-link-again = Volver a enviar el enlace
page-list-revoke = Revocar
page-list-history = Historial
page-list-to-whom = a { $address }
page-list-of-whom = de { $address }
page-list-older = Invitaciones anteriores
page-list-sender-contains = El remitente contiene
page-list-recipient-contains = El destinatario contiene
page-list-state = Estado del destinatario
page-list-any-state = cualquiera
page-list-filter = Filtrar
page-list-valid-until = enlace válido hasta el { $date }
page-list-link-shown = sin correo: el enlace se mostró al remitente
page-list-reminded = { $count ->
    [one] recordado una vez
   *[other] recordado { $count } veces
}
page-list-next-reminder = próximo recordatorio el { $date }
page-list-delivered = entregado el { $date }
page-list-downloaded = ha descargado al menos un archivo
page-list-accepted = cuenta creada el { $date }
page-list-files-expired = los archivos han caducado
page-list-link-expired = enlace caducado el { $date }
page-list-revoked-by-sender = revocado por el remitente
page-list-revoked-by-admin = revocado por la administración
page-list-deferred = se volverá a intentar con el servidor de correo
page-list-bounced = el servidor de correo rechazó el mensaje
page-list-no-such-invitation = Esa invitación no existe.
page-list-resent = Un enlace nuevo va de camino; los anteriores ya no funcionan.
page-list-revoked = Revocado: sus enlaces ya no funcionan.
page-list-not-changed = No se ha cambiado nada: { $reason }.

state-queued = En cola
state-deferred = Aplazado
state-sent = Enviado
state-delivered = Entregado
state-downloaded = Descargado
state-bounced = Rechazado
state-accepted = Aceptado
state-expired = Caducado
state-revoked = Revocado

page-confirm-show-link-title = ¿Mostrar un enlace nuevo?
page-confirm-show-link = ¿Crear un enlace nuevo para { $address } sobre «{ $subject }»?
page-confirm-show-link-consequence = El enlace nuevo se le muestra una sola vez para que lo envíe usted; no se manda ningún correo. El enlace anterior deja de funcionar al momento.
page-confirm-show-link-button = Mostrar un enlace nuevo
page-confirm-resend-title = ¿Enviar un enlace nuevo?
page-confirm-resend = ¿Enviar a { $address } un enlace nuevo sobre «{ $subject }»?
page-confirm-resend-consequence = Sale un mensaje nuevo con un enlace de activación nuevo; el anterior deja de funcionar al momento.
page-confirm-resend-files-consequence = Sale un mensaje nuevo con un enlace de descarga nuevo; el anterior deja de funcionar al momento.
page-confirm-resend-button = Enviar un enlace nuevo
page-confirm-revoke-title = ¿Revocar este enlace?
page-confirm-revoke = ¿Revocar el enlace enviado a { $address } sobre «{ $subject }»?
page-confirm-revoke-consequence = El enlace deja de funcionar al momento. No se envía nada a la persona destinataria.
page-confirm-revoke-button = Revocar el enlace

page-links-title = Enlaces para entregar
page-links-intro = No se ha enviado ningún correo para «{ $subject }». Copie cada enlace en su propio mensaje a la persona correspondiente:
page-links-once = esta página los muestra una sola vez, y Postern solo guarda una huella de cada uno.
page-links-hint = Cada enlace es personal: quien lo abra puede crear la cuenta de esa dirección. Si se pierde alguno, use «Reenviar» en Mis invitaciones para obtener uno nuevo (el anterior deja de funcionar).
page-links-invitee = Persona invitada
page-links-link = Enlace
page-links-until = Válido hasta
page-links-link-for = Enlace para { $address }

page-history-title = Historial de { $address }
page-history-intro = «{ $subject }», enviado el { $sent } · ahora:
page-history-time = Hora
page-history-what = Qué pasó
page-history-by = Quién
page-history-by-sender = el remitente
page-history-by-admin = la administración
page-history-by-invitee = la persona invitada
page-history-by-portal = Postern
page-history-opened-hint = Un enlace cuenta como abierto la primera vez que se muestra su página; algunos sistemas de correo abren los enlaces para comprobarlos antes que la persona invitada.

event-queued = en cola para la entrega
event-link-shown = enlace mostrado al remitente (sin correo)
event-sent = entregado al sistema de correo
event-deferred = entrega aplazada, se volverá a intentar
event-bounced = rechazado por el sistema de correo
event-reminded = recordatorio en cola
event-opened = enlace abierto
event-accepted = cuenta creada
event-expired = enlace caducado
event-revoked = revocado
event-resent = enlace nuevo enviado
event-renewal-requested = pidió un enlace nuevo
event-renewed = enlace nuevo enviado automáticamente
event-downloaded = archivo descargado

## Seguridad: sesiones, inicio de sesión en dos pasos, tokens de API.

page-security-title = Seguridad
page-two-factor-title = Inicio de sesión en dos pasos
page-security-two-factor-on = { $count ->
    [one] Activado: después de la contraseña escribe un código de su aplicación de autenticación (le queda { $count } código de recuperación).
   *[other] Activado: después de la contraseña escribe un código de su aplicación de autenticación (le quedan { $count } códigos de recuperación).
}
page-security-two-factor-manage = Gestionar el inicio de sesión en dos pasos
page-security-two-factor-off = Desactivado. Un código de una aplicación del teléfono, pedido después de la contraseña, protege su cuenta aunque su contraseña se filtre.
page-security-two-factor-set-up = Configurar el inicio de sesión en dos pasos
page-security-where = Dónde tiene la sesión iniciada
page-security-where-account = Cada fila es un navegador con la sesión de su cuenta iniciada. Cierre las que no reconozca y avise a la administración del portal.
page-security-where-console = Cada fila es un navegador con la sesión de su consola de administración iniciada. Cierre las que no reconozca y avise a la administración del portal.
page-security-signed-in = Inicio de sesión
page-security-last-active = Última actividad
page-security-from = Desde
page-security-browser = Navegador
page-security-unknown-browser = desconocido
page-security-this-browser = este navegador
page-security-end-session = Cerrar esta sesión
page-security-revoke-tokens = Revocar también todos mis tokens de API
page-security-everywhere = Cerrar la sesión en todos los demás sitios
page-security-live-tokens = { $count ->
    [one] Tiene { $count } token de API válido.
   *[other] Tiene { $count } tokens de API válidos.
}
page-security-manage-tokens = Gestionar los tokens de API
page-security-this-browser-problem = Es la sesión de este navegador: ciérrela con «Cerrar sesión».
page-security-session-ended = Se ha cerrado la sesión; ese navegador tendrá que volver a iniciarla.
page-security-session-already-ended = Esa sesión ya estaba cerrada.
page-security-everywhere-done = { $count ->
    [one] Sesión cerrada en todos los demás sitios: { $count } sesión cerrada.
   *[other] Sesión cerrada en todos los demás sitios: { $count } sesiones cerradas.
}
page-security-tokens-revoked = { $count ->
    [one] { $count } token de API revocado.
   *[other] { $count } tokens de API revocados.
}
page-tokens-intro = Herramientas como los complementos de correo y los scripts usan un token de API personal para actuar en su nombre a través de la API de Postern. Trate el token como una contraseña y revóquelo cuando la herramienta ya no lo necesite.
page-tokens-api-docs = Documentación de la API
page-tokens-new = Su nuevo token
page-tokens-copy-now = (cópielo ahora: solo se muestra una vez):
page-tokens-name = Nombre del nuevo token
page-tokens-name-hint = Para qué se usará, por ejemplo «complemento de Outlook» o «script nocturno».
page-tokens-scope = Qué puede hacer la herramienta
page-tokens-scope-read-label = Solo leer mis invitaciones
page-tokens-scope-send-label = Leer, enviar, reenviar y revocar invitaciones
page-tokens-days = Días hasta que el token deje de funcionar
page-tokens-days-hint = Como máximo { $max } días (el límite de la administración).
page-tokens-create = Crear token
page-tokens-yours = Sus tokens
page-tokens-none = No tiene tokens de API.
page-tokens-col-name = Nombre
page-tokens-col-may = Puede
page-tokens-col-created = Creado
page-tokens-col-expires = Caduca
page-tokens-col-last-used = Último uso
page-tokens-never = nunca
page-tokens-scope-read = leer
page-tokens-scope-send = leer y enviar
page-tokens-revoked-status = revocado
page-tokens-expired-status = caducado
page-tokens-active-status = activo
page-tokens-form-used = Este formulario ya creó su token y su secreto se mostró una vez; el token está en la lista de abajo. Cree uno nuevo si lo necesita.
page-tokens-revoked = El token se ha revocado; a partir de ahora se rechazan las herramientas que lo usen.
page-tokens-no-such-token = Ese token no existe o ya se revocó.
form-token-scope = elija qué puede hacer la herramienta
form-token-days-number = escriba un número entero de días
form-token-name = de 1 a 100 caracteres, sin caracteres de control ni invisibles
form-token-administrator = las cuentas de administración no tienen tokens de API: la API es para el personal y las cuentas Drop-Off
form-token-days-range = entre 1 y { $max } días

## Inicio de sesión en dos pasos.

page-two-factor-codes = Sus códigos de recuperación
page-two-factor-codes-how = (solo se muestran ahora): cada uno funciona una vez, en lugar de un código de su aplicación, si pierde su dispositivo. Imprímalos o guárdelos en su gestor de contraseñas.
page-two-factor-continue = Continuar
page-two-factor-required = La administración exige el inicio de sesión en dos pasos para su cuenta: configúrelo para continuar.
page-two-factor-on = { $count ->
    [one] El inicio de sesión en dos pasos está activado: después de la contraseña escribe un código de su aplicación de autenticación. Le queda { $count } código de recuperación sin usar.
   *[other] El inicio de sesión en dos pasos está activado: después de la contraseña escribe un código de su aplicación de autenticación. Le quedan { $count } códigos de recuperación sin usar.
}
page-two-factor-new-codes = Códigos de recuperación nuevos
page-two-factor-renew-code = Un código de su aplicación (los códigos de recuperación anteriores dejan de funcionar)
page-two-factor-make-codes = Crear códigos de recuperación nuevos
page-two-factor-turn-off = Desactivar
page-two-factor-off-code = Un código de su aplicación o un código de recuperación
page-two-factor-turn-off-button = Desactivar el inicio de sesión en dos pasos
page-two-factor-step-install = Instale una aplicación de autenticación en su teléfono (cualquiera que admita códigos estándar basados en el tiempo).
page-two-factor-step-scan = Escanee este código con ella o escriba la clave de abajo.
page-two-factor-step-enter = Escriba el código de seis cifras que muestre entonces la aplicación.
page-two-factor-qr = Código QR para añadir { $portal } a una aplicación de autenticación
page-two-factor-key = Clave:
page-two-factor-code-from-app = Código de la aplicación
page-two-factor-turn-on = Activar el inicio de sesión en dos pasos
page-two-factor-back = Volver a Seguridad
page-two-factor-enter-code = Escriba el código de seis cifras que muestra su aplicación de autenticación para { $portal }. ¿Ha perdido el dispositivo? Escriba en su lugar uno de sus códigos de recuperación.
page-two-factor-code = Código
page-two-factor-restart = Empezar de nuevo con la contraseña
page-two-factor-password-first = Inicie sesión primero con su contraseña (el código debe introducirse en los cinco minutos siguientes).
page-two-factor-recovery-used = { $count ->
    [one] Ha iniciado sesión con un código de recuperación; le queda { $count }. Cree otros nuevos en la página Seguridad si le quedan pocos, y configure allí su nuevo dispositivo.
   *[other] Ha iniciado sesión con un código de recuperación; le quedan { $count }. Cree otros nuevos en la página Seguridad si le quedan pocos, y configure allí su nuevo dispositivo.
}
page-two-factor-now-on = El inicio de sesión en dos pasos está activado. A partir de ahora escribirá un código de su aplicación después de la contraseña.
page-two-factor-now-off = El inicio de sesión en dos pasos está desactivado.
form-two-factor-wrong-code-setup = ese código no es correcto; escriba las seis cifras que muestra ahora la aplicación
form-two-factor-wrong-code = ese código no es correcto; escriba las seis cifras que muestra ahora su aplicación de autenticación, o uno de sus códigos de recuperación
form-two-factor-reused = ese código ya se ha usado; espere al siguiente (cada 30 segundos aparece uno nuevo)
form-two-factor-not-enrolled = el inicio de sesión en dos pasos no está configurado para esta cuenta
form-two-factor-already-on = el inicio de sesión en dos pasos ya está activado; desactívelo primero para configurar otro dispositivo
form-two-factor-required = la administración exige el inicio de sesión en dos pasos para su cuenta, así que no se puede desactivar
form-two-factor-not-offered = el inicio de sesión en dos pasos no se ofrece para su tipo de cuenta
form-two-factor-not-offered-page = El inicio de sesión en dos pasos no se ofrece para su tipo de cuenta.
form-two-factor-unreadable = el secreto del inicio de sesión en dos pasos no se puede leer con la clave de este servidor (server.secret_key); la administración puede restablecer el inicio de sesión en dos pasos de la cuenta

## Invitar a una lista.

page-bulk-intro = Hasta 10 000 personas desde un archivo CSV (una columna email y, si se quiere, name y language; separadas por comas, puntos y coma o tabuladores; con o sin fila de encabezado) o una lista JSON de objetos con los mismos nombres. «Comprobar la lista» indica cada fila que no se puede invitar, con su número de línea, y no envía nada; «Enviar invitaciones» invita a todas las demás filas. Cada persona recibe su propio mensaje, dirigido solo a ella.
page-bulk-checked = { $count ->
    [one] Comprobada: { $count } fila
   *[other] Comprobadas: { $count } filas
}
page-bulk-sent = { $count ->
    [one] Enviada: { $count } fila
   *[other] Enviadas: { $count } filas
}
page-bulk-valid = { $count ->
    [one] Se puede invitar { $count } fila; no se ha enviado nada.
   *[other] Se pueden invitar { $count } filas; no se ha enviado nada.
}
page-bulk-replayed = Esta lista ya se envió con este formulario; no se ha vuelto a enviar nada.
page-bulk-queued = { $count ->
    [one] { $count } persona en cola
   *[other] { $count } personas en cola
}, { $invitations ->
    [one] en { $invitations } invitación.
   *[other] en { $invitations } invitaciones.
}
page-bulk-follow = Seguir la entrega
page-bulk-all-valid = Se pueden invitar todas las filas.
page-bulk-left-out = { $count ->
    [one] Excluida: { $count } fila.
   *[other] Excluidas: { $count } filas.
}
page-bulk-line = Línea
page-bulk-entry = Entrada
page-bulk-address = Dirección
page-bulk-problem = Problema
page-bulk-file = La lista (archivo CSV o JSON)
page-bulk-file-hint = Un navegador nunca conserva un archivo elegido: vuelva a elegirlo después de comprobar.
page-bulk-paste = O pegue la lista
page-bulk-paste-label = Una persona por línea: dirección, nombre, idioma
page-bulk-check = Comprobar la lista
page-bulk-unreadable-title = No se ha podido leer el formulario
page-bulk-unreadable = { $why }; no se ha enviado nada.
page-bulk-progress-title = Entrega de una lista
page-bulk-progress-none = No se ha enviado ninguna lista con este formulario.
page-bulk-progress-summary = { $count ->
    [one] { $count } persona invitada
   *[other] { $count } personas invitadas
} { $invitations ->
    [one] en { $invitations } invitación.
   *[other] en { $invitations } invitaciones.
}
page-bulk-progress-waiting = { $count ->
    [one] { $count } mensaje sigue en camino; esta página se actualiza cada 5 segundos.
   *[other] { $count } mensajes siguen en camino; esta página se actualiza cada 5 segundos.
}
page-bulk-progress-done = Ya han salido todos los mensajes.
page-bulk-invitees = Personas
page-bulk-another = Invitar a otra lista
form-list-too-large = la lista supera los 4 MiB: divídala en varias
form-list-both = elija un archivo o pegue una lista, no ambas cosas
form-list-none = elija un archivo con la lista o péguela
form-row-language = «{ $code }» no es un idioma en el que se escriban invitaciones ({ $languages })
form-row-own-address = es su propia dirección
form-row-has-account = ya tiene cuenta en este portal
form-row-group-address = parece una dirección de grupo: todos sus miembros compartirían un mismo enlace
