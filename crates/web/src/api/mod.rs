//! The versioned JSON API (`/api/v1`), generated with poem-openapi so that the served OpenAPI
//! document and the code cannot drift. Callers authenticate with personal API tokens
//! (`Authorization: Bearer pstk_…`); the session cookie is never accepted here.

use postern_domain::lifecycle;
use std::sync::Arc;

use poem::{Endpoint, EndpointExt, Request, Route};
use poem_openapi::auth::Bearer;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, OpenApiService, SecurityScheme};
use postern_domain::ids::{InvitationId, RecipientId};
use postern_domain::invitation::{Invitation, InvitationRecipient, RecipientKind, RecipientState};
use postern_domain::policy::{NumberRule, RequestedOptions, ToggleRule};
use postern_domain::token::TokenScope;
use postern_domain::usecases::{
    ActivationInput, ActivationOutcome, ApiAuthError, BulkRequest, InvitationForm, InvitationInputError,
    InvitationRequest,
};
use postern_domain::user::User;
use postern_domain::{MessageBody, Subject};
use time::OffsetDateTime;

use crate::AppState;
use crate::invitations::{cursor_text, parse_cursor};
use error::{
    ActivateFails, ApiError, ErrorDetail, Fails, GetFails, ListFails, ManageFails, MeFails, SendFails, ViewFails, body,
    invalid_invitation,
};

pub mod error;

/// The largest request body accepted.
pub const MAX_BODY: usize = 256 * 1024;

/// Personal API token.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "authenticate")]
struct TokenAuth(Caller);

/// The owner of the token a request came with, and what the token may do.
struct Caller {
    user: User,
    scope: TokenScope,
}

impl Caller {
    /// The owner, when the token may act (send, resend, revoke); else `insufficient_scope`.
    fn sender(&self) -> Result<&User, ApiError> {
        if self.scope.may_send() {
            Ok(&self.user)
        } else {
            Err(ApiError::Forbidden(body(
                "insufficient_scope",
                crate::i18n::api_words().t("api-insufficient-scope"),
                None,
                vec![],
            )))
        }
    }
}

/// A token past its expiry: 401 with `token_expired`, so that a tool can tell its owner to make
/// a new one.
#[derive(Debug, thiserror::Error)]
#[error("the API token expired; create a new one on the API tokens page")]
pub(crate) struct TokenExpired;

impl poem::error::ResponseError for TokenExpired {
    fn status(&self) -> poem::http::StatusCode {
        poem::http::StatusCode::UNAUTHORIZED
    }
}

/// 401 for a token that does not open the API; 500 (503 during a database outage) when the
/// token could not be checked at all.
async fn authenticate(req: &Request, bearer: Bearer) -> poem::Result<Caller> {
    let refused = || poem::Error::from(poem_openapi::error::AuthorizationError);
    let state = req.data::<Arc<AppState>>().ok_or_else(refused)?;
    match state.uc.api_tokens.authenticate(&bearer.token).await {
        Ok((user, scope)) => Ok(Caller { user, scope }),
        Err(ApiAuthError::Expired) => Err(TokenExpired.into()),
        Err(ApiAuthError::Store(e)) => {
            tracing::error!(error = %e, "API token check failed");
            Err(poem::Error::from_status(poem::http::StatusCode::INTERNAL_SERVER_ERROR))
        }
        Err(_) => Err(refused()),
    }
}

/// A JSON string, and only a string. poem-openapi's `String` also takes a number or a boolean
/// and writes it out (`"subject": 5` would become the subject "5"); a request's text fields
/// refuse them with 400, as the documentation says of mistyped fields.
#[derive(Debug, Clone, Default)]
struct Text(String);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl poem_openapi::types::Type for Text {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> std::borrow::Cow<'static, str> {
        String::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        String::schema_ref()
    }

    fn register(registry: &mut Registry) {
        String::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl poem_openapi::types::ToJSON for Text {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(self.0.clone()))
    }
}

impl poem_openapi::types::ParseFromJSON for Text {
    fn parse_from_json(value: Option<serde_json::Value>) -> poem_openapi::types::ParseResult<Self> {
        use poem_openapi::types::ParseError;
        match value {
            Some(serde_json::Value::String(text)) => Ok(Self(text)),
            Some(other) => Err(ParseError::expected_type(other)),
            None => Err(ParseError::expected_input()),
        }
    }
}

/// A list of addresses: one string in the form syntax (`a@x.org; "Doe, John" <j@y.org>`) or
/// an array with one address per element. Held as the equivalent form text.
#[derive(Debug, Clone)]
struct AddressList(String);

impl AddressList {
    fn text(&self) -> String {
        self.0.clone()
    }
}

impl poem_openapi::types::Type for AddressList {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> std::borrow::Cow<'static, str> {
        "AddressList".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Reference(Self::name().into_owned())
    }

    fn register(registry: &mut Registry) {
        registry.create_schema::<Self, _>(Self::name().into_owned(), |registry| {
            String::register(registry);
            Vec::<String>::register(registry);
            MetaSchema {
                description: Some(
                    "Addresses separated by commas or semicolons (`a@x.org; \"Doe, John\" <j@y.org>`), or an array with one address per element.",
                ),
                one_of: vec![String::schema_ref(), Vec::<String>::schema_ref()],
                ..MetaSchema::ANY
            }
        });
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl poem_openapi::types::ParseFromJSON for AddressList {
    fn parse_from_json(value: Option<serde_json::Value>) -> poem_openapi::types::ParseResult<Self> {
        use poem_openapi::types::ParseError;
        match value {
            Some(serde_json::Value::String(text)) => Ok(Self(text)),
            Some(serde_json::Value::Array(items)) => {
                let entries = items
                    .into_iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => Ok(s),
                        other => Err(ParseError::custom(format!("expected an address, found {other}"))),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Self(entries.join("; ")))
            }
            Some(other) => Err(ParseError::expected_type(other)),
            None => Err(ParseError::expected_input()),
        }
    }
}

impl poem_openapi::types::ToJSON for AddressList {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(self.0.clone()))
    }
}

/// Delivery options; omitted ones take the administrator's default.
#[derive(Debug, Clone, Default, Object)]
struct OptionsIn {
    link_lifetime_days: Option<u32>,
    notify_on_accept: Option<bool>,
    send_me_a_copy: Option<bool>,
    attachment_lifetime_days: Option<u32>,
    attachment_download_limit: Option<u32>,
    notify_on_download: Option<bool>,
    /// Remind recipients who have not created their account (at the administrator's times).
    reminders: Option<bool>,
    /// Send no email: the answer carries each recipient's `link`, this once, to pass on
    /// through your own mail (when the administrator offers it).
    link_only: Option<bool>,
}

/// A new invitation.
#[derive(Debug, Clone, Object)]
struct NewInvitation {
    to: AddressList,
    cc: Option<AddressList>,
    bcc: Option<AddressList>,
    /// Default: "You are invited to open a Drop-Off account on Postern".
    subject: Option<Text>,
    /// Default: the standard instructions.
    message: Option<Text>,
    options: Option<OptionsIn>,
    /// Repeat a request with the same key and nothing new is sent.
    idempotency_key: Option<Text>,
    /// Invite addresses that already have an account on the portal all the same (they are
    /// refused, field `existing_accounts`, unless this is true).
    include_existing_accounts: Option<bool>,
    /// Invite addresses that look like groups or distribution lists all the same (they are
    /// refused, field `group_addresses`, code `group_address`, unless this is true: everyone
    /// on a list would share one link).
    include_group_addresses: Option<bool>,
    /// The language of the recipients' emails and of the page their link opens: `en`, `de`,
    /// `fr`, `es` or `nl` (default: the administrator's default; code `unsupported_language`
    /// for another).
    language: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
enum Status {
    Queued,
    Deferred,
    Sent,
    Delivered,
    Downloaded,
    Bounced,
    Accepted,
    Expired,
    Revoked,
}

#[derive(Debug, Clone, Object)]
struct RecipientOut {
    id: String,
    email: String,
    #[oai(skip_serializing_if_is_none)]
    display_name: Option<String>,
    role: String,
    kind: String,
    status: Status,
    /// For a revoked recipient: `sender` or `administrator` (only an administrator can send
    /// again what an administrator revoked).
    #[oai(skip_serializing_if_is_none)]
    revoked_by: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    sent_at: Option<OffsetDateTime>,
    #[oai(skip_serializing_if_is_none)]
    expires_at: Option<OffsetDateTime>,
    #[oai(skip_serializing_if_is_none)]
    accepted_at: Option<OffsetDateTime>,
    /// The mail system's last answer.
    #[oai(skip_serializing_if_is_none)]
    delivery_note: Option<String>,
    /// Reminders queued for the current link.
    reminders_sent: u32,
    /// When the next reminder is due, if one is planned.
    #[oai(skip_serializing_if_is_none)]
    next_reminder_at: Option<OffsetDateTime>,
    /// A link-only invitation's activation link: only in the answer to the send or resend
    /// that issued it, never again (only a fingerprint is stored).
    #[oai(skip_serializing_if_is_none)]
    link: Option<String>,
}

#[derive(Debug, Clone, Object)]
struct InvitationOut {
    id: String,
    created_at: OffsetDateTime,
    subject: String,
    link_lifetime_days: u32,
    /// Whether recipients who wait are reminded.
    reminders: bool,
    /// Whether the links were given to the sender instead of emailed.
    link_only: bool,
    /// The language of its emails.
    language: String,
    recipients: Vec<RecipientOut>,
}

/// What came of asking for a new link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
enum RenewalOutcome {
    /// The inviter was asked to send a new link.
    Asked,
    /// A new link is on its way to the invitee.
    Sent,
    /// A new link was asked for before (once per invitee).
    AlreadyAsked,
    /// The administrator does not let links be renewed.
    NotOffered,
    /// The link still works.
    StillValid,
}

#[derive(Debug, Clone, Object)]
struct RenewalOut {
    outcome: RenewalOutcome,
    /// Who was asked, for `asked`.
    #[oai(skip_serializing_if_is_none)]
    inviter_name: Option<String>,
}

/// One invitee of a bulk list given as JSON.
#[derive(Debug, Clone, Object)]
struct BulkRowIn {
    email: Text,
    name: Option<Text>,
    /// The message language (`en`).
    language: Option<Text>,
}

/// A list of invitees: `csv` (the text of a CSV file) or `rows`, not both.
#[derive(Debug, Clone, Object)]
struct BulkIn {
    /// A CSV list: a column `email`, optional `name` and `language`; commas, semicolons or
    /// tabs; a header line or not. Problems name its lines.
    csv: Option<Text>,
    /// The invitees as objects. Problems name their entry (from 1).
    rows: Option<Vec<BulkRowIn>>,
    subject: Option<Text>,
    message: Option<Text>,
    options: Option<OptionsIn>,
    /// Repeat the request with the same key (at most 90 characters) and nothing is sent twice.
    idempotency_key: Option<Text>,
    /// Check every row and send nothing (default false).
    dry_run: Option<bool>,
}

/// A row that is not invited.
#[derive(Debug, Clone, Object)]
struct BulkProblemOut {
    /// Its line (CSV) or entry (rows).
    line: u32,
    email: String,
    /// `invalid_address`, `invalid_name`, `unsupported_language`, `duplicate`,
    /// `own_address`, `existing_account` or `recipient_refused`.
    code: String,
    reason: String,
}

/// What a bulk request found and did.
#[derive(Debug, Clone, Object)]
struct BulkOut {
    dry_run: bool,
    rows: u32,
    /// Rows that pass every check.
    valid: u32,
    /// Invitees queued by this request.
    queued: u32,
    /// Whether the same key was used before (nothing new was sent).
    replayed: bool,
    /// The invitations made, in order (each with at most the administrator's recipients per
    /// invitation).
    invitations: Vec<String>,
    problems: Vec<BulkProblemOut>,
}

/// One thing that happened to a recipient.
#[derive(Debug, Clone, Object)]
struct HistoryEntryOut {
    at: OffsetDateTime,
    /// `queued`, `link_shown`, `sent`, `deferred`, `bounced`, `reminded`, `opened` (the
    /// first time a link was opened; opening never uses it up), `accepted`, `expired`,
    /// `revoked`, `resent`, `renewal_requested`, `renewed` or `downloaded`.
    event: String,
    /// Who caused it, when a person did: `sender`, `administrator` or `invitee`.
    #[oai(skip_serializing_if_is_none)]
    actor: Option<String>,
    /// The mail system's answer, for deliveries.
    #[oai(skip_serializing_if_is_none)]
    detail: Option<String>,
}

/// A recipient's history, oldest first.
#[derive(Debug, Clone, Object)]
struct HistoryOut {
    recipient_id: String,
    status: Status,
    events: Vec<HistoryEntryOut>,
}

#[derive(Debug, Clone, Object)]
struct InvitationPageOut {
    invitations: Vec<InvitationOut>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    next_cursor: Option<String>,
}

#[derive(Debug, Clone, Object)]
struct OptionOut {
    name: String,
    offered: bool,
    locked: bool,
    #[oai(skip_serializing_if_is_none)]
    default_number: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    default_bool: Option<bool>,
    #[oai(skip_serializing_if_is_none)]
    min: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    max: Option<u32>,
}

#[derive(Debug, Clone, Object)]
struct MeOut {
    email: String,
    display_name: String,
    kind: String,
    /// Whether the caller may send invitations (the administrator's rules), and with this
    /// token: its scope must be `send` too.
    can_send_invitations: bool,
    /// What this token may do: `read` or `send`.
    token_scope: String,
    delivery_options: Vec<OptionOut>,
}

#[derive(Debug, Clone, Object)]
struct PasswordPolicyOut {
    min_length: u32,
    max_length: u32,
    require_lowercase: bool,
    require_uppercase: bool,
    require_digit: bool,
    require_symbol: bool,
    reject_common: bool,
}

#[derive(Debug, Clone, Object)]
struct ActivationOut {
    email: String,
    kind: String,
    expires_at: OffsetDateTime,
    inviter_name: String,
    password_policy: PasswordPolicyOut,
}

#[derive(Clone, Object)]
struct ActivationIn {
    display_name: Text,
    password: Text,
}

impl std::fmt::Debug for ActivationIn {
    /// The password is never shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivationIn")
            .field("display_name", &self.display_name)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[derive(Debug, Clone, Copy, Enum)]
#[oai(rename_all = "snake_case")]
enum Outcome {
    Active,
    PendingApproval,
    DirectorySignInRequired,
}

#[derive(Debug, Clone, Object)]
struct ActivatedOut {
    outcome: Outcome,
    email: String,
}

#[derive(ApiResponse)]
enum Created<T: poem_openapi::types::ToJSON + Send + Sync> {
    /// Created.
    #[oai(status = 201)]
    Created(Json<T>),
    /// An earlier request with the same idempotency key: nothing new was sent.
    #[oai(status = 200)]
    Replayed(Json<T>),
}

/// The shown state an API status names.
fn shown_state(s: Status) -> RecipientState {
    match s {
        Status::Queued => RecipientState::Queued,
        Status::Deferred => RecipientState::Deferred,
        Status::Sent => RecipientState::Sent,
        Status::Delivered => RecipientState::Delivered,
        Status::Downloaded => RecipientState::Downloaded,
        Status::Bounced => RecipientState::Bounced,
        Status::Accepted => RecipientState::Accepted,
        Status::Expired => RecipientState::Expired,
        Status::Revoked => RecipientState::Revoked,
    }
}

fn status_of(r: &InvitationRecipient, now: OffsetDateTime) -> Status {
    match r.state_at(now) {
        RecipientState::Queued => Status::Queued,
        RecipientState::Deferred => Status::Deferred,
        RecipientState::Sent => Status::Sent,
        RecipientState::Delivered => Status::Delivered,
        RecipientState::Downloaded => Status::Downloaded,
        RecipientState::Bounced => Status::Bounced,
        RecipientState::Accepted => Status::Accepted,
        RecipientState::Expired => Status::Expired,
        RecipientState::Revoked | RecipientState::RevokedByAdmin => Status::Revoked,
    }
}

fn recipient_out(r: &InvitationRecipient, now: OffsetDateTime) -> RecipientOut {
    RecipientOut {
        id: r.id.to_string(),
        email: r.address().as_str().to_owned(),
        display_name: r.recipient.display_name().map(str::to_owned),
        role: r.role.as_str().to_owned(),
        kind: r.kind.as_str().to_owned(),
        status: status_of(r, now),
        revoked_by: match r.state {
            RecipientState::Revoked => Some("sender".into()),
            RecipientState::RevokedByAdmin => Some("administrator".into()),
            _ => None,
        },
        sent_at: r.sent_at,
        expires_at: r.expires_at,
        accepted_at: r.accepted_at,
        delivery_note: r.last_delivery_note.clone(),
        reminders_sent: r.reminders_sent,
        next_reminder_at: r.next_reminder_at.filter(|_| r.state == RecipientState::Sent),
        link: None,
    }
}

/// The language a request names (`None`: the administrator's default), or the refusal.
fn language_in(code: Option<&str>) -> Result<Option<postern_domain::Language>, Fails<SendFails>> {
    use postern_domain::check::UnsupportedLanguage;
    postern_domain::check::language(code).map_err(|UnsupportedLanguage(code)| {
        let reason = crate::i18n::api_words().t2(
            "form-row-language",
            ("code", code),
            ("languages", postern_domain::Language::codes()),
        );
        Fails::from(ApiError::Unprocessable(body(
            UnsupportedLanguage::CODE,
            reason.clone(),
            Some(UnsupportedLanguage::FIELD),
            vec![ErrorDetail {
                code: Some(UnsupportedLanguage::CODE.into()),
                field: Some(UnsupportedLanguage::FIELD.into()),
                entry: None,
                position: None,
                reason,
            }],
        )))
    })
}

fn invitation_out(i: &Invitation, now: OffsetDateTime) -> InvitationOut {
    InvitationOut {
        id: i.id.to_string(),
        created_at: i.created_at,
        subject: i.subject.as_str().to_owned(),
        link_lifetime_days: i.options.link_lifetime_days,
        reminders: i.options.reminders,
        link_only: i.options.link_only,
        language: i.language.code().to_owned(),
        recipients: i.recipients.iter().map(|r| recipient_out(r, now)).collect(),
    }
}

fn number(name: &str, r: &NumberRule) -> OptionOut {
    OptionOut {
        name: name.into(),
        offered: r.offered,
        locked: r.locked,
        default_number: Some(r.default),
        default_bool: None,
        min: Some(r.min),
        max: Some(r.max),
    }
}

fn toggle(name: &str, r: &ToggleRule) -> OptionOut {
    OptionOut {
        name: name.into(),
        offered: r.offered,
        locked: r.locked,
        default_number: None,
        default_bool: Some(r.default),
        min: None,
        max: None,
    }
}

struct Api {
    state: Arc<AppState>,
}

impl Api {
    async fn owned(&self, user: &User, id: &str) -> Result<Invitation, ApiError> {
        let id = InvitationId::parse(id).ok_or_else(|| ApiError::not_found("api-no-invitation"))?;
        self.state
            .uc
            .manage
            .find_sent(user, id)
            .await?
            .ok_or_else(|| ApiError::not_found("api-no-invitation"))
    }

    async fn manage(
        &self,
        user: &User,
        id: &str,
        recipient: &str,
        resend: bool,
    ) -> Result<Json<RecipientOut>, ApiError> {
        let invitation = self.owned(user, id).await?;
        let rid = RecipientId::parse(recipient)
            .filter(|r| invitation.recipient(*r).is_some())
            .ok_or_else(|| ApiError::not_found("api-no-recipient"))?;
        let manage = &self.state.uc.manage;
        let shown = if resend {
            manage.resend(user, rid).await?
        } else {
            manage.revoke(user, rid).await?;
            None
        };
        let now = self.state.clock.now();
        let invitation = self.owned(user, id).await?;
        let r = invitation
            .recipient(rid)
            .ok_or_else(|| ApiError::not_found("api-no-recipient"))?;
        let mut out = recipient_out(r, now);
        out.link = shown.as_ref().map(|l| self.link(l));
        Ok(Json(out))
    }

    /// The activation link of a link-only invitation, as the sender passes it on.
    fn link(&self, shown: &postern_domain::usecases::ShownLink) -> String {
        postern_domain::routes::activation(&self.state.public_url, &shown.token.expose())
    }

    async fn activation_allowed(&self, req: &Request) -> Result<(), ApiError> {
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let key = crate::auth::client_key(req.remote_addr(), forwarded, &self.state.limits.trusted_proxies);
        if self.state.limits.activation(&key).await {
            Ok(())
        } else {
            Err(ApiError::too_many())
        }
    }
}

/// Postern's JSON API.
#[OpenApi(prefix_path = "/v1")]
impl Api {
    /// Who the token belongs to, whether they may invite, and the delivery options offered.
    #[oai(path = "/me", method = "get")]
    async fn me(&self, auth: TokenAuth) -> Result<Json<MeOut>, Fails<MeFails>> {
        let Caller { user, scope } = auth.0;
        let settings = self.state.settings.load_settings().await?;
        let d = &settings.delivery;
        Ok(Json(MeOut {
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            kind: user.kind.as_str().to_owned(),
            can_send_invitations: settings.invitations.may_invite(&user) && scope.may_send(),
            token_scope: scope.as_str().to_owned(),
            delivery_options: vec![
                number("link_lifetime_days", &d.link_lifetime_days),
                toggle("notify_on_accept", &d.notify_on_accept),
                toggle("send_me_a_copy", &d.send_me_a_copy),
                number("attachment_lifetime_days", &d.attachment_lifetime_days),
                number("attachment_download_limit", &d.attachment_download_limit),
                toggle("notify_on_download", &d.notify_on_download),
                toggle("reminders", &d.reminders),
                toggle("link_only", &d.link_only),
            ],
        }))
    }

    /// Sends an invitation: every recipient gets their own message and link.
    #[oai(path = "/invitations", method = "post")]
    async fn send(
        &self,
        auth: TokenAuth,
        body: Json<NewInvitation>,
    ) -> Result<Created<InvitationOut>, Fails<SendFails>> {
        let sender = auth.0.sender()?;
        let input = body.0;
        let language = language_in(input.language.as_deref())?;
        let (to, cc, bcc) = (
            input.to.text(),
            input.cc.as_ref().map(AddressList::text).unwrap_or_default(),
            input.bcc.as_ref().map(AddressList::text).unwrap_or_default(),
        );
        let default_subject = match &input.subject {
            Some(_) => String::new(),
            None => self.state.uc.send.default_subject(sender, language).await,
        };
        let default_message = match &input.message {
            Some(_) => String::new(),
            None => self.state.uc.send.default_message(language).await,
        };
        let o = input.options.unwrap_or_default();
        let form = InvitationForm {
            to: &to,
            cc: &cc,
            bcc: &bcc,
            subject: input.subject.as_deref().unwrap_or(&default_subject),
            message: input.message.as_deref().unwrap_or(&default_message),
            options: RequestedOptions {
                link_lifetime_days: o.link_lifetime_days,
                notify_on_accept: o.notify_on_accept,
                send_me_a_copy: o.send_me_a_copy,
                attachment_lifetime_days: o.attachment_lifetime_days,
                attachment_download_limit: o.attachment_download_limit,
                notify_on_download: o.notify_on_download,
                reminders: o.reminders,
                link_only: o.link_only,
            },
            idempotency_key: input.idempotency_key.as_deref(),
        };
        let mut request = InvitationRequest::parse(&form).map_err(|e| invalid_invitation(&e))?;
        request.include_existing_accounts = input.include_existing_accounts.unwrap_or(false);
        request.include_group_addresses = input.include_group_addresses.unwrap_or(false);
        request.language = language;
        let sent = self.state.uc.send.execute(sender, request).await?;
        if !sent.replayed {
            metrics::counter!("postern_invitations_sent_total", "kind" => sent.invitation.kind.as_str())
                .increment(sent.invitation.recipients.len() as u64);
        }
        let mut out = invitation_out(&sent.invitation, self.state.clock.now());
        for (r, shown) in out.recipients.iter_mut().zip(&sent.invitation.recipients) {
            r.link = sent
                .links
                .iter()
                .find(|l| l.recipient_id == shown.id)
                .map(|l| self.link(l));
        }
        let out = Json(out);
        Ok(if sent.replayed {
            Created::Replayed(out)
        } else {
            Created::Created(out)
        })
    }

    /// Invites a list of up to 10,000 people: each row is checked on its own (the answer names
    /// every row left out, with its line), the others are invited, each message addressed
    /// to its recipient alone. With `dry_run` nothing is sent.
    #[oai(path = "/invitations/bulk", method = "post")]
    async fn bulk(&self, auth: TokenAuth, list: Json<BulkIn>) -> Result<Json<BulkOut>, Fails<SendFails>> {
        use postern_domain::bulk::{BulkFormat, BulkRow, MAX_BULK_ROWS, read};
        let sender = auth.0.sender()?;
        let input = list.0;
        let tr = crate::i18n::api_words();
        let list_error = |field: &str, reason: String| {
            Fails::from(ApiError::Unprocessable(body(
                "invalid_list",
                reason.clone(),
                Some(field),
                vec![ErrorDetail {
                    code: None,
                    field: Some(field.into()),
                    entry: None,
                    position: None,
                    reason,
                }],
            )))
        };
        let (format, rows) = match (&input.csv, &input.rows) {
            (Some(text), None) => (
                BulkFormat::Csv,
                read(BulkFormat::Csv, text.as_bytes())
                    .map_err(|e| list_error("csv", crate::bulk::list_error(&e).render(tr)))?,
            ),
            (None, Some(rows)) => {
                if rows.is_empty() || rows.len() > MAX_BULK_ROWS {
                    return Err(list_error("rows", tr.t1("api-list-rows", "max", MAX_BULK_ROWS)));
                }
                let rows = rows
                    .iter()
                    .enumerate()
                    .map(|(n, r)| BulkRow::new(n + 1, &r.email, r.name.as_deref(), r.language.as_deref()))
                    .collect();
                (BulkFormat::Json, rows)
            }
            _ => {
                return Err(list_error("csv", tr.t("api-list-one-of")));
            }
        };
        let default_subject = match &input.subject {
            Some(_) => String::new(),
            None => self.state.uc.send.default_subject(sender, None).await,
        };
        // In the default language; each invitation of another language gets them in its own.
        let default_message = match &input.message {
            Some(_) => String::new(),
            None => self.state.uc.send.default_message(None).await,
        };
        let subject = Subject::parse(input.subject.as_deref().unwrap_or(&default_subject));
        let message = MessageBody::parse(input.message.as_deref().unwrap_or(&default_message));
        let mut problems = Vec::new();
        if let Err(e) = &subject {
            problems.push(InvitationInputError::Subject(e.clone()));
        }
        if let Err(e) = &message {
            problems.push(InvitationInputError::Message(e.clone()));
        }
        let (Ok(subject), Ok(message)) = (subject, message) else {
            return Err(invalid_invitation(&problems).into());
        };
        let o = input.options.unwrap_or_default();
        let request = BulkRequest {
            format,
            rows,
            subject,
            message,
            options: RequestedOptions {
                link_lifetime_days: o.link_lifetime_days,
                notify_on_accept: o.notify_on_accept,
                send_me_a_copy: o.send_me_a_copy,
                attachment_lifetime_days: o.attachment_lifetime_days,
                attachment_download_limit: o.attachment_download_limit,
                notify_on_download: o.notify_on_download,
                reminders: o.reminders,
                link_only: o.link_only,
            },
            idempotency_key: input.idempotency_key.map(|k| k.0),
        };
        let dry_run = input.dry_run.unwrap_or(false);
        let report = self.state.uc.bulk.import(sender, &request, dry_run).await?;
        if !report.replayed {
            metrics::counter!("postern_invitations_sent_total", "kind" => "invitation").increment(report.queued as u64);
        }
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(Json(BulkOut {
            dry_run,
            rows: n(report.rows),
            valid: n(report.valid),
            queued: n(report.queued),
            replayed: report.replayed && !dry_run,
            invitations: report.invitations.iter().map(ToString::to_string).collect(),
            problems: report
                .issues
                .iter()
                .map(|i| BulkProblemOut {
                    line: n(i.line),
                    email: i.email.clone(),
                    code: i.problem.code().to_owned(),
                    reason: crate::bulk::row_problem(&i.problem, format).render(tr),
                })
                .collect(),
        }))
    }

    /// The caller's invitations, newest first.
    #[oai(path = "/invitations", method = "get")]
    async fn list(
        &self,
        auth: TokenAuth,
        /// From `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Only invitations with at least one recipient in this status.
        status: Query<Option<Status>>,
        /// Page size, 1–100 (default 20).
        limit: Query<Option<u32>>,
    ) -> Result<Json<InvitationPageOut>, Fails<ListFails>> {
        let after = match cursor.0.as_deref() {
            None => None,
            Some(text) => Some(parse_cursor(text).ok_or_else(|| {
                ApiError::Unprocessable(body(
                    "invalid_cursor",
                    crate::i18n::api_words().t("api-invalid-cursor"),
                    Some("cursor"),
                    vec![],
                ))
            })?),
        };
        let limit = limit.0.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            let tr = crate::i18n::api_words();
            return Err(Fails::from(ApiError::Unprocessable(body(
                "invalid_limit",
                tr.t("api-invalid-limit"),
                Some("limit"),
                vec![ErrorDetail {
                    code: None,
                    field: Some("limit".into()),
                    entry: Some(limit.to_string()),
                    position: None,
                    reason: tr.t("api-limit-range"),
                }],
            ))));
        }
        let now = self.state.clock.now();
        let state = status.0.map(|s| lifecycle::shown_as(shown_state(s)));
        let page = self.state.uc.manage.sent_by(&auth.0.user, state, after, limit).await?;
        let invitations = page.invitations.iter().map(|i| invitation_out(i, now)).collect();
        Ok(Json(InvitationPageOut {
            invitations,
            next_cursor: page.next_cursor.map(cursor_text),
        }))
    }

    /// One of the caller's invitations.
    #[oai(path = "/invitations/:id", method = "get")]
    async fn get(&self, auth: TokenAuth, id: Path<String>) -> Result<Json<InvitationOut>, Fails<GetFails>> {
        let invitation = self.owned(&auth.0.user, &id.0).await?;
        Ok(Json(invitation_out(&invitation, self.state.clock.now())))
    }

    /// What happened to one recipient of one of the caller's invitations, oldest first.
    #[oai(path = "/invitations/:id/recipients/:recipient_id/history", method = "get")]
    async fn history(
        &self,
        auth: TokenAuth,
        id: Path<String>,
        recipient_id: Path<String>,
    ) -> Result<Json<HistoryOut>, Fails<GetFails>> {
        let invitation = self.owned(&auth.0.user, &id.0).await?;
        let rid = RecipientId::parse(&recipient_id.0)
            .filter(|r| invitation.recipient(*r).is_some())
            .ok_or_else(|| ApiError::not_found("api-no-recipient"))?;
        let (invitation, entries) = self
            .state
            .uc
            .manage
            .history(&auth.0.user, rid)
            .await?
            .ok_or_else(|| ApiError::not_found("api-no-recipient"))?;
        let r = invitation
            .recipient(rid)
            .ok_or_else(|| ApiError::not_found("api-no-recipient"))?;
        Ok(Json(HistoryOut {
            recipient_id: rid.to_string(),
            status: status_of(r, self.state.clock.now()),
            events: entries
                .into_iter()
                .map(|e| HistoryEntryOut {
                    at: e.at,
                    event: e.event.as_str().to_owned(),
                    actor: e.actor.map(|a| a.name().to_owned()),
                    detail: e.detail,
                })
                .collect(),
        }))
    }

    /// Sends the recipient a new link; every earlier link stops working.
    #[oai(path = "/invitations/:id/recipients/:recipient_id/resend", method = "post")]
    async fn resend(
        &self,
        auth: TokenAuth,
        id: Path<String>,
        recipient_id: Path<String>,
    ) -> Result<Json<RecipientOut>, Fails<ManageFails>> {
        Ok(self.manage(auth.0.sender()?, &id.0, &recipient_id.0, true).await?)
    }

    /// Revokes the recipient's links.
    #[oai(path = "/invitations/:id/recipients/:recipient_id/revoke", method = "post")]
    async fn revoke(
        &self,
        auth: TokenAuth,
        id: Path<String>,
        recipient_id: Path<String>,
    ) -> Result<Json<RecipientOut>, Fails<ManageFails>> {
        Ok(self.manage(auth.0.sender()?, &id.0, &recipient_id.0, false).await?)
    }

    /// What the activation link opens (without consuming it).
    #[oai(path = "/activation/:token", method = "get")]
    async fn activation(&self, req: &Request, token: Path<String>) -> Result<Json<ActivationOut>, Fails<ViewFails>> {
        self.activation_allowed(req).await?;
        let view = self.state.uc.activate.view(&token.0).await?;
        let p = &view.password_policy;
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(Json(ActivationOut {
            email: view.email.as_str().to_owned(),
            kind: view.kind.as_str().to_owned(),
            expires_at: view.expires_at,
            inviter_name: view.inviter_name.clone(),
            password_policy: PasswordPolicyOut {
                min_length: n(p.min_length),
                max_length: n(p.max_length),
                require_lowercase: p.require_lowercase,
                require_uppercase: p.require_uppercase,
                require_digit: p.require_digit,
                require_symbol: p.require_symbol,
                reject_common: p.reject_common,
            },
        }))
    }

    /// For the holder of an expired link: asks for a new one (once per invitee, as the
    /// administrator allows). A link that was never valid, or was used or revoked, gets the
    /// same answer as when it is opened. Limited like activation attempts.
    #[oai(path = "/activation/:token/renewal", method = "post")]
    async fn renewal(&self, req: &Request, token: Path<String>) -> Result<Json<RenewalOut>, Fails<ViewFails>> {
        use postern_domain::usecases::Renewal;
        self.activation_allowed(req).await?;
        let (outcome, inviter_name) = match self.state.uc.activate.request_renewal(&token.0).await? {
            Renewal::Asked { inviter_name } => (RenewalOutcome::Asked, Some(inviter_name)),
            Renewal::Sent { .. } => (RenewalOutcome::Sent, None),
            Renewal::AlreadyAsked => (RenewalOutcome::AlreadyAsked, None),
            Renewal::NotOffered => (RenewalOutcome::NotOffered, None),
            Renewal::StillValid => (RenewalOutcome::StillValid, None),
        };
        Ok(Json(RenewalOut { outcome, inviter_name }))
    }

    /// Creates the account and consumes the link.
    #[oai(path = "/activation/:token", method = "post")]
    async fn activate(
        &self,
        req: &Request,
        token: Path<String>,
        input: Json<ActivationIn>,
    ) -> Result<Created<ActivatedOut>, Fails<ActivateFails>> {
        self.activation_allowed(req).await?;
        let activate = &self.state.uc.activate;
        let view = activate.view(&token.0).await?;
        let display_name = postern_domain::DisplayName::parse(&input.0.display_name).map_err(|e| {
            let reason = crate::errors::display_name_error(&e).render(crate::i18n::api_words());
            ApiError::Unprocessable(body(
                "invalid_display_name",
                reason.clone(),
                Some("display_name"),
                vec![ErrorDetail {
                    code: None,
                    field: Some("display_name".into()),
                    entry: None,
                    position: None,
                    reason,
                }],
            ))
        })?;
        let email = view.email.as_str().to_owned();
        if view.kind == RecipientKind::Internal {
            return Ok(Created::Replayed(Json(ActivatedOut {
                outcome: Outcome::DirectorySignInRequired,
                email,
            })));
        }
        let outcome = activate
            .create(
                &token.0,
                ActivationInput {
                    display_name,
                    password: postern_domain::password::Password::new(input.0.password.0),
                },
            )
            .await;
        crate::activation::count_activation(&outcome);
        let outcome = outcome?;
        let outcome = match outcome {
            ActivationOutcome::Active(_) => Outcome::Active,
            ActivationOutcome::PendingApproval(_) => Outcome::PendingApproval,
            ActivationOutcome::DirectorySignInRequired(_) => Outcome::DirectorySignInRequired,
        };
        Ok(Created::Created(Json(ActivatedOut { outcome, email })))
    }
}

/// The largest body of a bulk list (the largest list file, written as JSON).
pub const MAX_BULK_BODY: usize = 2 * postern_domain::bulk::MAX_BULK_BYTES;

/// Refuses bodies over [`MAX_BODY`] ([`MAX_BULK_BODY`] for a bulk list) with 413, whether or
/// not they announce their length.
async fn limit_body<E: Endpoint>(next: E, req: Request) -> poem::Result<E::Output> {
    let most = if req.uri().path().ends_with("/v1/invitations/bulk") {
        MAX_BULK_BODY
    } else {
        MAX_BODY
    };
    match crate::limits::within(req, most).await {
        Ok(req) => next.call(req).await,
        Err(_) => Err(poem::Error::from_status(poem::http::StatusCode::PAYLOAD_TOO_LARGE)),
    }
}

/// The API routes: `/api/v1/…`, `/api/openapi.json` and the interactive page `/api/docs`.
pub(crate) fn routes(state: Arc<AppState>) -> impl Endpoint {
    let service = OpenApiService::new(Api { state: state.clone() }, "Postern API", "1.0").server("/api");
    let spec = service.spec_endpoint();
    let docs = service.swagger_ui();
    Route::new()
        .at("/openapi.json", spec)
        .nest("/docs", docs)
        .nest("/", service)
        .data(state)
        .around(limit_body)
        .catch_all_error(|err: poem::Error| async move {
            if err.is_from_response() {
                // Already an API response (an `ApiError` from a handler).
                return err.into_response();
            }
            error::from_poem(&err)
        })
}
