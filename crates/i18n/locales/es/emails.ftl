## Los correos. Los asuntos terminan en -subject; los textos de enlace, en -link.

email-create-heading = Cree su cuenta:
email-create-button = Crear mi cuenta
email-activate-heading = Active su acceso:
email-activate-button = Activar mi acceso
email-internal-how = Inicie sesión con el usuario y la contraseña habituales de su organización (los mismos del ordenador y del correo); no tiene que elegir una contraseña nueva.
email-link-personal-expiry = Este enlace es personal: no lo reenvíe. Solo funciona una vez y caduca el { $expiry }.
email-username = Su nombre de usuario será { $address }.
email-copy-address = O copie esta dirección en su navegador:
email-files-for-you = { $count ->
    [one] Un archivo para usted, disponible hasta el { $expiry }:
   *[other] { $count } archivos para usted, disponibles hasta el { $expiry }:
}
email-download-with-link = Descárguelos con su enlace personal:
email-download-files = Descargar los archivos
email-your-personal-link = (su enlace personal)

email-files-sent = { $sender } le ha enviado archivos.
email-files-list = { $count ->
    [one] Un archivo, disponible hasta el { $expiry }:
   *[other] { $count } archivos, disponibles hasta el { $expiry }:
}
email-files-download-personal = Descárguelos con su enlace personal (no lo reenvíe):
email-link-personal = Este enlace es personal: no lo reenvíe.

email-copy-subject = Copia: { $subject }
email-copy-intro-invitation = Esta es su copia de la invitación que envió. Cada persona destinataria ha recibido su propio enlace personal.
email-copy-intro-files = Esta es su copia de los archivos que envió. Cada persona destinataria ha recibido su propio enlace de descarga personal.
email-copy-to = Para: { $list }
email-copy-cc = CC: { $list }
email-copy-bcc = CCO: { $list }
email-copy-activation-link = [enlace de activación personal]
email-copy-download-link = [enlace de descarga personal]

email-invitation-of = Invitación del { $date } («{ $subject }»).
email-sent-on = Enviado el { $date } («{ $subject }»).
email-invitations-link = Sus invitaciones
email-messages-link = Sus mensajes

email-accepted-subject = { $recipient } ha aceptado su invitación

email-downloaded-subject = { $recipient } ha descargado { $file }
email-downloaded-body = { $recipient } ha descargado { $file }.

email-renewal-subject = { $recipient } solicita un nuevo enlace de invitación
email-renewal-body = El enlace de invitación de { $recipient } caducó el { $expired } y ha solicitado uno nuevo.
email-renewal-how = Con el botón de abajo puede enviar un enlace nuevo (lo confirmará en la página que se abre); el enlace caducado sigue revocado. Si no quiere hacerlo, no tiene que hacer nada.
email-renewal-link = Enviar un enlace nuevo

email-bounced-subject = No se ha podido entregar su invitación a { $recipient }
email-bounced-how = Compruebe la dirección: puede enviar una invitación nueva a la dirección correcta o reenviar esta.

email-welcome-subject = Le damos la bienvenida a { $portal }
email-welcome-pending = La administración revisará su cuenta; podrá iniciar sesión en cuanto la apruebe.
email-welcome-active = Puede iniciar sesión cuando quiera con su dirección de correo y la contraseña que eligió.
email-sign-in-link = Iniciar sesión

email-reminder-subject = Recordatorio: { $subject }
email-reminder-waiting = El { $sent }, { $inviter } le envió una invitación para abrir una cuenta en { $portal }. La invitación sigue esperándole.
email-reminder-internal-how = Abra el enlace e inicie sesión con la cuenta de su organización ({ $username }) para aceptarla.
email-reminder-external-how = Abra el enlace para elegir su nombre visible y su contraseña; iniciará sesión como { $username }.
email-reminder-validity = Este enlace es solo para usted y funciona hasta el { $expiry }. Los enlaces de los correos anteriores también funcionan; en cuanto use cualquiera de ellos, todos dejarán de funcionar.{ $last ->
    [yes] { " " }Este es el último recordatorio.
   *[no] {""}
}
email-reminder-ignore = Si no desea una cuenta, ignore este mensaje: la invitación caducará sin más.
email-reminder-link = Aceptar la invitación

email-pending-subject = Cuenta pendiente de aprobación: { $email }
email-pending-body = { $name } ({ $email }) ha creado una cuenta en { $portal } a través de una invitación. Está pendiente de que la apruebe la administración.
email-review-link = Revisarla

email-sponsor-left-subject = { $portal }: personas invitadas sin responsable
email-sponsor-left-unsponsored = { $count ->
    [one] Una cuenta Drop-Off de { $portal } se ha quedado sin responsable: la persona de la organización que respondía por ella se ha desactivado, eliminado o ya no figura en el directorio. Asígnele un nuevo responsable o desactívela.
   *[other] { $count } cuentas Drop-Off de { $portal } se han quedado sin responsable: la persona de la organización que respondía por ellas se ha desactivado, eliminado o ya no figura en el directorio. Asigne un nuevo responsable a cada una o desactívelas.
}
email-sponsor-left-disabled = { $count ->
    [one] Se ha desactivado una cuenta Drop-Off porque su responsable ya no está (según la regla de la Configuración).
   *[other] Se han desactivado { $count } cuentas Drop-Off porque su responsable ya no está (según la regla de la Configuración).
}
email-review-them-link = Revisarlas

email-hello = Hola, { $name }:
email-inactivity-subject = Su cuenta de { $portal } se desactivará el { $date }
email-inactivity-body = Hace tiempo que no usa su cuenta Drop-Off de { $portal }, así que se desactivará el { $date } si no inicia sesión antes. Basta con iniciar sesión una vez para conservarla.
email-inactivity-ignore = Si ya no la necesita, no tiene que hacer nada.

email-rejected-subject = Su cuenta de { $portal } no se ha aprobado
email-rejected-body = La administración no ha aprobado su cuenta. Si cree que se trata de un error, póngase en contacto con la persona que le envió la invitación.
email-portal-link = Ir al portal
