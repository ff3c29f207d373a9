
## La consola de administración.

page-console-settings = Configuración
page-settings-portal-name = Nombre del portal
page-settings-default-language = Idioma predeterminado
page-settings-default-language-hint = El de las páginas para quienes usan un navegador que no pide ninguno de los idiomas del portal, y el de las invitaciones cuyo remitente no elige ninguno. Cualquiera puede cambiar de idioma al pie de cada página; cada invitación puede enviarse en su propio idioma.
page-console-invitations = Invitaciones
page-settings-internal-may-invite = Los usuarios internos pueden enviar invitaciones (prevalece el permiso o la prohibición propios de cada persona)
page-settings-new-user-setting = Los usuarios internos nuevos empiezan con
page-settings-inherit = heredar (según la opción de arriba)
page-settings-allow = permitir
page-settings-deny = prohibir
page-settings-renewal = La página de un enlace de invitación caducado
page-settings-renewal-ask = ofrece pedir un enlace nuevo a quien envió la invitación
page-settings-renewal-automatic = ofrece un enlace nuevo al momento (una vez por persona invitada)
page-settings-renewal-off = no ofrece nada
page-settings-max-recipients = Número máximo de destinatarios por invitación
page-settings-allowed-domains = Solo estos dominios de destinatarios (uno por línea; vacío: cualquiera)
page-settings-denied-domains = Nunca estos dominios de destinatarios (uno por línea)
page-settings-own-domains = Los dominios de correo de la organización (uno por línea)
page-settings-own-domains-hint = Con Active Directory configurado, una dirección de estos dominios que el directorio no conozca se rechaza, salvo que se permita abajo.
page-settings-allow-unknown = Invitar a esas direcciones desconocidas como personas externas
page-settings-group-patterns = Direcciones de grupo (una por línea)
page-settings-group-patterns-hint = Direcciones que llegan a un grupo o una lista de distribución, donde todos compartirían un mismo enlace: un nombre seguido de @ (all@ o team-*@, en cualquier dominio) o una dirección completa con * (list-*@example.org). El formulario pregunta antes de enviar a una de ellas; con Active Directory, también cuentan sus grupos.
page-settings-link-lifetime = Validez del enlace de activación (días)
page-settings-other-options = Otras opciones de entrega
page-settings-notify-created = Avisarme cuando se cree la cuenta
page-settings-link-only = Invitaciones solo con enlace
page-settings-link-only-hint = No sale ningún correo: tras enviar, el remitente ve una vez el enlace de cada persona invitada y lo entrega por su propio correo. Quien tenga un enlace puede crear la cuenta, así que ofrezca esta opción solo a remitentes a los que confíe los buzones de sus invitados. Estas invitaciones no llevan archivos, no envían copia y nunca se recuerdan.
page-settings-link-only-option = Mostrarme los enlaces en lugar de enviarlos por correo
page-settings-quotas = Cuotas (0: sin límite)
page-settings-quotas-hint = Cuánto puede enviar una persona. Los destinatarios en 24 horas cuentan invitaciones y archivos por igual; las invitaciones pendientes cuentan a las personas invitadas que aún no han creado su cuenta mientras el enlace es válido. La cuota propia de una persona (Usuarios) prevalece.
page-settings-quota-internal-per-day = Personal: destinatarios en 24 horas
page-settings-quota-internal-pending = Personal: invitaciones pendientes a la vez
page-settings-quota-external-per-day = Cuentas Drop-Off: destinatarios de archivos en 24 horas
page-settings-reminders = Recordatorios
page-settings-reminders-hint = A las personas invitadas que no han creado su cuenta se les envía un recordatorio, cada vez con un enlace propio más que caduca con el primero. Los remitentes pueden desactivar los recordatorios de una invitación si no está bloqueado.
page-settings-reminder-at = Cuándo, en porcentaje de la validez del enlace (dos valores como máximo; vacío: sin recordatorios, ni siquiera los ya previstos)
page-settings-attachment-lifetime = Conservación de los adjuntos (días)
page-settings-downloads-per-file = Descargas por archivo
page-settings-max-file = Archivo más grande (MiB)
page-settings-max-total = Total máximo por mensaje (MiB)
page-settings-max-files = Número máximo de archivos por mensaje
page-settings-blocked-extensions = Extensiones de archivo rechazadas (separadas por espacios)
page-settings-download-requires-account = Los destinatarios deben crear su cuenta e iniciar sesión antes de descargar
page-settings-dropoff-to-anyone = Las cuentas Drop-Off pueden enviar archivos a cualquiera (si no, solo al personal)
page-settings-accounts = Cuentas
page-settings-approval = Las cuentas nuevas esperan la aprobación de la administración
page-settings-expire-inactive = Desactivar las cuentas Drop-Off sin usar durante este número de días (0: nunca)
page-settings-warn-days = Avisar por correo a las cuentas Drop-Off este número de días antes (0: sin aviso)
page-settings-sponsor-left = Cuando se va el responsable de una persona invitada (desactivado, eliminado o fuera del directorio)
page-settings-sponsor-left-review = Mantener a la persona invitada, sin responsable, hasta que la administración la asigne
page-settings-sponsor-left-disable = Desactivar a la persona invitada
page-settings-password-min = Longitud mínima de la contraseña
page-settings-password-upper = Las contraseñas necesitan una mayúscula
page-settings-password-lower = … una minúscula
page-settings-password-digit = … un número
page-settings-password-symbol = … un símbolo
page-settings-password-common = Rechazar contraseñas habituales
page-settings-two-factor-admins = La administración debe usar el inicio de sesión en dos pasos en la consola
page-settings-two-factor-staff = Cuentas del personal
page-settings-two-factor-dropoff = Cuentas Drop-Off
page-settings-two-factor-hint = Obligatorio: cada persona lo configura en su siguiente inicio de sesión (una cuenta Drop-Off nueva, justo después de activarla) y no accede a nada más hasta hacerlo.
page-settings-token-default = Días de validez de un token de API nuevo, salvo que su titular elija menos
page-settings-token-max = Validez máxima que puede elegir un titular, en días
page-settings-save = Guardar la configuración
page-settings-rule-offered = Ofrecida a los remitentes
page-settings-rule-locked = Bloqueada en el valor predeterminado
page-settings-rule-default = Predeterminado
page-settings-rule-min = Mínimo
page-settings-rule-max = Máximo
page-settings-option-offered = Se ofrece «{ $option }»
page-settings-option-on-by-default = … activada de forma predeterminada
page-settings-option-locked = … bloqueada en el valor predeterminado
page-settings-two-factor-off = Desactivado
page-settings-two-factor-optional = Opcional: cada persona decide
page-settings-two-factor-required = Obligatorio
page-settings-unchanged = No ha cambiado nada.
page-settings-saved-changes = { $count ->
    [one] Configuración guardada: { $count } cambio, registrado en el registro de auditoría.
   *[other] Configuración guardada: { $count } cambios, registrados en el registro de auditoría.
}
page-console-title = Administración
page-console-users = Usuarios
page-console-templates = Plantillas
page-console-report = Informe
page-console-webhooks = Webhooks
page-console-audit = Registro de auditoría
page-console-sign-in-title = Inicio de sesión de administración
page-console-sign-in-email = Dirección de correo de administración
page-console-sign-in-button = Iniciar sesión en la administración
form-console-sign-in-invalid = las credenciales de administración no son correctas
page-console-pending = { $count ->
    [one] { $count } cuenta pendiente de aprobación
   *[other] { $count } cuentas pendientes de aprobación
}
page-console-pending-many = { $count } o más cuentas pendientes de aprobación
page-console-none-pending = No hay ninguna cuenta pendiente de aprobación.
page-console-unsponsored = { $count ->
    [one] { $count } cuenta Drop-Off no tiene responsable
   *[other] { $count } cuentas Drop-Off no tienen responsable
}
page-console-unsponsored-how = Su responsable se ha ido: asigne uno nuevo a cada una o desactívelas.
page-console-storage-title = Almacenamiento
page-console-storage = { $count ->
    [one] { $count } archivo adjunto a mensajes
   *[other] { $count } archivos adjuntos a mensajes
}, { $size } en total; el almacén de adjuntos ocupa { $disk }. Los archivos caducados se borran automáticamente.

## Usuarios.

page-users-search = Buscar por dirección o nombre
page-users-kind = Tipo
page-users-any = cualquiera
page-users-kind-staff = personal
page-users-kind-dropoff = Drop-Off
page-users-kind-admin = administración
page-users-status-active = activa
page-users-status-pending = pendiente de aprobación
page-users-status-disabled = desactivada
page-users-guests-of = Invitados de (dirección de un responsable, o «none»)
page-users-search-button = Buscar
page-users-user = Usuario
page-users-last-used = Último uso
page-users-invitations-or-sponsor = Invitaciones o responsable
page-users-sponsor = Responsable: { $sponsor }
page-users-no-sponsor = Sin responsable
page-users-new-sponsor-of = Nuevo responsable de { $email } (dirección de una persona del personal)
page-users-staff-address = dirección del personal
page-users-set-sponsor = Asignar responsable
page-users-permission-of = Permiso para invitar de { $email }
page-users-set = Aplicar
page-users-may-invite = en vigor: puede invitar
page-users-may-not-invite = en vigor: no puede invitar
page-users-approve = Aprobar
page-users-reject-action = Rechazar
page-users-enable = Activar
page-users-disable-action = Desactivar
page-users-reset-action = Restablecer dos pasos
page-users-quota-day = Al día
page-users-quota-waiting = Pendientes
page-users-set-quota = Aplicar cuota
page-users-usual-quota = habitual: { $day } al día, { $waiting } pendientes; ambos vacíos: la habitual
page-users-no-limit = sin límite
page-users-none = Ningún usuario coincide.
page-users-first-page = Primera página
page-users-next-page = Página siguiente
page-users-never = nunca ha iniciado sesión
page-users-deleted = (eliminado)
page-users-no-such-address = Nadie tiene la dirección «{ $text }»: se muestran todos los usuarios.
page-users-not-an-address = «{ $text }» no es una dirección (ni «none»): se muestran todos los usuarios.
page-users-no-such-kind = No existe el tipo «{ $text }»: se muestran todos los tipos.
page-users-no-such-status = No existe el estado «{ $text }»: se muestran todos los estados.
page-users-two-factor-reset = Se ha restablecido el inicio de sesión en dos pasos y se han cerrado las sesiones de la persona: inicia sesión solo con la contraseña y vuelve a configurarlo (al momento, donde sea obligatorio).
page-users-approved = Aprobada: la cuenta ya puede iniciar sesión.
page-users-rejected = Rechazada: la cuenta está desactivada y no puede iniciar sesión.
page-users-enabled = Activada: la cuenta puede volver a iniciar sesión.
page-users-disabled = Desactivada: la cuenta no puede iniciar sesión y sus sesiones se han cerrado.
page-users-permission-saved = Se ha guardado el permiso para invitar.
page-users-sponsor-saved = Se ha guardado el responsable; ahora responde por esta persona invitada.
page-users-quota-saved = Se ha guardado la cuota.
page-users-reject-title = ¿Rechazar esta cuenta?
page-users-reject = ¿Rechazar la cuenta de { $who }?
page-users-reject-consequence = La cuenta se rechaza: queda desactivada y no puede iniciar sesión. La administración puede activarla más adelante.
page-users-reject-button = Rechazar la cuenta
page-users-disable-title = ¿Desactivar esta cuenta?
page-users-disable = ¿Desactivar la cuenta de { $who }?
page-users-disable-consequence = La cuenta no puede iniciar sesión, sus sesiones se cierran al momento y sus tokens de API dejan de funcionar. Se puede volver a activar.
page-users-disable-button = Desactivar la cuenta
page-users-reset-title = ¿Restablecer el inicio de sesión en dos pasos?
page-users-reset = ¿Restablecer el inicio de sesión en dos pasos de { $who }?
page-users-reset-consequence = Hágalo para alguien que ha perdido su dispositivo, tras comprobar que es esa persona. Su aplicación de autenticación y sus códigos de recuperación dejan de funcionar; inicia sesión solo con la contraseña y vuelve a configurar el inicio de sesión en dos pasos (al momento, donde sea obligatorio).
page-users-reset-button = Restablecer el inicio de sesión en dos pasos

## Registro de auditoría e informe de invitaciones.

page-console-export = Exportar como CSV
page-audit-filter = Filtro (el actor, la acción, el objeto o los detalles contienen)
page-audit-action-is = La acción es
page-audit-actor = Actor
page-audit-action = Acción
page-audit-subject = Objeto
page-audit-none = Ninguna entrada coincide.
page-audit-newest = Entradas más recientes
page-audit-older = Entradas anteriores
page-report-title = Informe de invitaciones
page-report-hint = Qué ha sido de las personas invitadas en un periodo (invitaciones, no archivos), a día de hoy. El tiempo hasta la aceptación va de la invitación a la cuenta. Un enlace cuenta como abierto la primera vez que se mostró su página; algunos sistemas de correo abren los enlaces para comprobarlos.
page-report-first-day-label = Primer día
page-report-last-day-label = Último día
page-report-first-day = primer día
page-report-last-day = último día
page-report-group-by = Agrupar por
page-report-inviter = Remitente
page-report-month = Mes
page-report-week = Semana
page-report-show = Mostrar
page-report-period = Periodo
page-report-group = Grupo
page-report-invited = Invitadas
page-report-opened = Abiertas
page-report-accepted = Aceptadas
page-report-acceptance = Aceptación
page-report-median = Tiempo mediano hasta aceptar
page-report-waiting = Pendientes
page-report-expired = Caducadas
page-report-revoked = Revocadas
page-report-bounced = Rechazadas
page-report-all = Total
page-report-nobody = Nadie fue invitado en este periodo.
page-report-percent = { $value } %
page-report-minutes = { $minutes } min
page-report-hours = { $hours } h { $minutes } min
page-report-days = { $days } d { $hours } h
form-report-date = { $field }: escriba una fecha con el formato AAAA-MM-DD
form-report-group-by = agrupar por: remitente, mes o semana
form-report-last-day-too-late = último día: elija una fecha anterior al 31/12/9999
form-report-period = elija un periodo de 1 a 366 días, el primer día antes que el último

## Webhooks.

page-webhooks-intro = Las herramientas de su organización reciben aviso de cada paso del historial de cada persona invitada en cuanto sucede: un POST HTTP con JSON, firmado con el secreto del punto de conexión, reintentado con esperas cada vez más largas mientras el punto falle, hasta el plazo de abandono de la entrega. La guía de operaciones explica cómo comprueba un receptor una entrega. La cabecera de la firma:
page-webhooks-header = Postern-Signature: t=<tiempo Unix>,v1=<HMAC-SHA256 de "t.body">
page-webhooks-secret-of = El secreto de { $url }
page-webhooks-copy-now = Cópielo ahora en la herramienta receptora:
page-webhooks-once = solo se muestra esta vez (Postern lo guarda sellado).
page-webhooks-secret = Secreto
page-webhooks-none = Aún no hay ningún punto de conexión.
page-webhooks-endpoint = Punto de conexión
page-webhooks-events = Eventos
page-webhooks-last = Última entrega
page-webhooks-remove = Quitar
page-webhooks-add = Añadir un punto de conexión
page-webhooks-address = Dirección (https://…)
page-webhooks-add-button = Añadir el punto de conexión
page-webhooks-none-yet = ninguna aún
page-webhooks-failed = { $at } · error: { $outcome }
page-webhooks-failed-since = { $at } · error: { $outcome } · último éxito el { $success }
page-webhooks-remove-title = ¿Quitar este punto de conexión?
page-webhooks-remove-question = ¿Quitar { $url }?
page-webhooks-remove-consequence = No se le entrega nada más, ni siquiera las entregas aún pendientes.
page-webhooks-removed = Se ha quitado el punto de conexión.

## Plantillas.

page-template-invitation = Invitación (parte superior)
page-template-internal-invitation = Invitación al personal (parte superior)
page-template-subject = Asunto de la invitación
page-template-welcome = Mensaje de bienvenida
page-template-accepted = Invitación aceptada
page-template-delivery-failed = Entrega fallida
page-template-languages = Idiomas de esta plantilla
page-template-own = su propio texto
page-template-default-language = sin texto propio: se usa su texto en { $language }
page-template-builtin = el texto incluido
page-template-placeholders = Marcadores:
page-template-text = Texto ({ $language })
page-template-preview = Vista previa
page-template-save = Guardar la plantilla
page-template-remove = Quitar su texto en { $language }
page-template-preview-title = Vista previa con valores de ejemplo
page-template-preview-hint = Tal como lo lee un destinatario en { $language }, en la versión de texto y en la HTML del correo (el resto del correo —saludo, enlaces, caducidad— se añade alrededor, en el mismo idioma).
page-template-unknown-title = Esa plantilla no existe
page-template-unknown = No hay ninguna plantilla llamada «{ $name }».
page-template-unknown-language = Las plantillas existen en { $languages }; «{ $code }» no es ninguno de ellos.
page-template-saved = { $template } ({ $language }) guardada; los próximos mensajes la usan.
page-template-removed = { $template } ({ $language }): se ha quitado su texto; ahora se usa: { $origin }.
form-template-subject = el asunto no sería válido: { $reason }
