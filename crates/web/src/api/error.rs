//! The one JSON error shape of the API, and the one mapping from domain errors to it.

use poem::http::StatusCode;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use postern_domain::check::Reason;
use postern_domain::ports::StoreError;
use postern_domain::usecases::{ActivationError, InvitationInputError, ManageError, SendError};

use crate::i18n::api_words;

/// One offending entry or rule.
#[derive(Debug, Clone, Object)]
pub struct ErrorDetail {
    /// The stable code of this problem (invitation problems: each entry's own, the error's
    /// `code` is the first one's).
    #[oai(skip_serializing_if_is_none)]
    pub code: Option<String>,
    /// The field concerned.
    #[oai(skip_serializing_if_is_none)]
    pub field: Option<String>,
    /// The entry as sent (one address of a list).
    #[oai(skip_serializing_if_is_none)]
    pub entry: Option<String>,
    /// 1-based position of the entry among the non-blank entries.
    #[oai(skip_serializing_if_is_none)]
    pub position: Option<u32>,
    /// What is wrong.
    pub reason: String,
}

/// The error itself.
#[derive(Debug, Clone, Object)]
pub struct ErrorInfo {
    /// Stable code: `invalid_recipients`, `invalid_subject`, `token_expired`, …
    pub code: String,
    /// For people.
    pub message: String,
    /// The first field concerned.
    #[oai(skip_serializing_if_is_none)]
    pub field: Option<String>,
    /// Every problem.
    pub details: Vec<ErrorDetail>,
}

/// `{"error": {...}}`
#[derive(Debug, Clone, Object)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorInfo,
}

/// Every error the API returns.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// Malformed request.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Missing, unknown or revoked API token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>),
    /// Not allowed.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// No such thing.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// Conflicts with the current state.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// The link is expired, used or revoked.
    #[oai(status = 410)]
    Gone(Json<ErrorBody>),
    /// Valid JSON, invalid values: nothing was written.
    #[oai(status = 422)]
    Unprocessable(Json<ErrorBody>),
    /// Too many attempts.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// Unexpected failure (logged in full on the server).
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The request body is larger than the API accepts (256 KiB).
    #[oai(status = 413)]
    PayloadTooLarge(Json<ErrorBody>),
    /// The body is not `application/json`.
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    /// The database or a server Postern depends on (the directory) is not reachable; nothing
    /// was changed, try again later.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl ApiError {
    /// The HTTP status this error is answered with.
    fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::Unauthorized(_) => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Conflict(_) => 409,
            ApiError::Gone(_) => 410,
            ApiError::Unprocessable(_) => 422,
            ApiError::TooManyRequests(..) => 429,
            ApiError::Internal(_) => 500,
            ApiError::PayloadTooLarge(_) => 413,
            ApiError::UnsupportedMediaType(_) => 415,
            ApiError::Unavailable(_) => 503,
        }
    }
}

/// The statuses one operation can answer with besides success; [`Fails`] documents only these.
pub(crate) trait Statuses: Send + Sync + 'static {
    /// The statuses, in ascending order.
    const LIST: &'static [u16];
}

/// Declares a set of error statuses for [`Fails`].
macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = [$($status:literal),+];)+) => {$(
        $(#[$doc])*
        pub(crate) enum $name {}
        impl Statuses for $name {
            const LIST: &'static [u16] = &[$($status),+];
        }
    )+};
}

// 413 on every operation: any request body over the limit is refused before routing.
statuses! {
    /// `GET /me`.
    MeFails = [401, 413, 500, 503];
    /// `POST /invitations`.
    SendFails = [400, 401, 403, 413, 415, 422, 429, 500, 503];
    /// `GET /invitations`.
    ListFails = [400, 401, 413, 422, 500, 503];
    /// `GET /invitations/{id}`.
    GetFails = [401, 404, 413, 500, 503];
    /// Resend and revoke.
    ManageFails = [401, 403, 404, 409, 410, 413, 422, 500, 503];
    /// `GET /activation/{token}`.
    ViewFails = [404, 409, 410, 413, 429, 500, 503];
    /// `POST /activation/{token}`.
    ActivateFails = [400, 403, 404, 409, 410, 413, 415, 422, 429, 500, 503];
}

/// An [`ApiError`] whose OpenAPI description lists only the statuses of `S`: each operation
/// documents what it can answer, no more. The statuses produced before a handler runs (401
/// from the token check, 400/413/415 from reading the body, 503 from the outage guard) are in
/// the lists by hand; one a handler returns outside its list is a bug caught in debug builds.
pub(crate) struct Fails<S>(ApiError, std::marker::PhantomData<S>);

impl<S: Statuses> ApiResponse for Fails<S> {
    fn meta() -> poem_openapi::registry::MetaResponses {
        let mut meta = ApiError::meta();
        meta.responses
            .retain(|r| r.status.is_some_and(|s| S::LIST.contains(&s)));
        meta
    }

    fn register(registry: &mut poem_openapi::registry::Registry) {
        ApiError::register(registry);
    }
}

impl<S: Statuses> From<Fails<S>> for poem::Error {
    fn from(f: Fails<S>) -> Self {
        debug_assert!(
            S::LIST.contains(&f.0.status()),
            "status {} is not documented for this operation",
            f.0.status()
        );
        f.0.into()
    }
}

/// Every error an operation meets converts into its [`Fails`] the way it converts into
/// [`ApiError`].
macro_rules! fails_from {
    ($($source:ty),+) => {$(
        impl<S: Statuses> From<$source> for Fails<S> {
            fn from(e: $source) -> Self {
                Fails(ApiError::from(e), std::marker::PhantomData)
            }
        }
    )+};
}

impl<S: Statuses> From<ApiError> for Fails<S> {
    fn from(e: ApiError) -> Self {
        Fails(e, std::marker::PhantomData)
    }
}

fails_from!(StoreError, SendError, ManageError, ActivationError);

pub(crate) fn body(
    code: &str,
    message: impl Into<String>,
    field: Option<&str>,
    details: Vec<ErrorDetail>,
) -> Json<ErrorBody> {
    Json(ErrorBody {
        error: ErrorInfo {
            code: code.to_owned(),
            message: message.into(),
            field: field.map(str::to_owned),
            details,
        },
    })
}

impl ApiError {
    /// No such thing; `id` says what (`api-no-invitation`, `api-no-recipient`).
    pub(crate) fn not_found(id: &str) -> Self {
        ApiError::NotFound(body("not_found", api_words().t(id), None, vec![]))
    }
    pub(crate) fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %error, "API request failed");
        ApiError::Internal(body("internal_error", api_words().t("api-internal"), None, vec![]))
    }
    pub(crate) fn too_many() -> Self {
        ApiError::TooManyRequests(
            body("too_many_requests", api_words().t("api-too-many"), None, vec![]),
            60,
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            // The database is away for a moment: the outage layer answers 503 with
            // Retry-After, and it is a warning, not an error of Postern's.
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %e, "API request not completed: the database is unavailable");
                ApiError::Internal(body("internal_error", api_words().t("api-internal"), None, vec![]))
            }
            _ => ApiError::internal(&e),
        }
    }
}

/// A list of form problems as one 422, each in the request's language: one detail per
/// offending entry, laid out by the domain (`postern_domain::check::problems`, which tools
/// built on the domain share), the code of the first for the whole.
pub(crate) fn invalid_invitation(errors: &[InvitationInputError]) -> ApiError {
    let tr = api_words();
    let problems = postern_domain::check::problems(errors);
    let details: Vec<ErrorDetail> = problems
        .iter()
        .map(|p| ErrorDetail {
            code: Some(p.code.to_owned()),
            field: Some(p.field.to_owned()),
            entry: p.entry.map(str::to_owned),
            position: p.position.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            reason: match p.reason {
                Reason::Entry(e) => crate::errors::entry_error(e).render(tr),
                Reason::Policy(e) => crate::errors::recipient_policy_error(e).render(tr),
                // The form's wording speaks of reloading the page: not for a program.
                Reason::Input(InvitationInputError::IdempotencyKey) => tr.t("api-idempotency-key"),
                Reason::Input(e) => crate::errors::invitation_error(e).render(tr),
                _ => p.reason.to_string(),
            },
        })
        .collect();
    let (code, field) = problems
        .first()
        .map_or(("invalid_recipients", "to"), |p| (p.code, p.field));
    let message = details
        .first()
        .map(|d| d.reason.clone())
        .unwrap_or_else(|| tr.t("api-invalid-invitation"));
    ApiError::Unprocessable(body(code, message, Some(field), details))
}

impl From<SendError> for ApiError {
    fn from(e: SendError) -> Self {
        match e {
            SendError::NotPermitted => ApiError::Forbidden(body(
                "invitations_not_permitted",
                api_words().t("api-not-permitted"),
                None,
                vec![],
            )),
            SendError::Invalid(errors) => invalid_invitation(&errors),
            SendError::QuotaExceeded(q) => {
                // Until more room comes, when that is known; else a minute (room comes as
                // invitees accept, links expire or are revoked: nothing to wait for exactly).
                let wait = q.retry_after.map_or(60, |d| d.whole_seconds().max(1));
                ApiError::TooManyRequests(
                    body(
                        "quota_exceeded",
                        crate::errors::quota_error(&q, api_words()),
                        Some("to"),
                        vec![],
                    ),
                    u64::try_from(wait).unwrap_or(60),
                )
            }
            SendError::Directory(d) => {
                tracing::warn!(error = %d, "sending refused: the directory is unavailable");
                ApiError::Unavailable(body(
                    "directory_unavailable",
                    api_words().t("form-directory-outage"),
                    None,
                    vec![],
                ))
            }
            SendError::Store(s) => s.into(),
        }
    }
}

impl From<ManageError> for ApiError {
    fn from(e: ManageError) -> Self {
        let code = e.code();
        let tr = api_words();
        let message = crate::errors::manage_error(&e).render(tr);
        let plain = |message: String| body(code, message, None, vec![]);
        match e {
            ManageError::NotFound => ApiError::not_found("api-no-recipient"),
            ManageError::NotPermitted
            | ManageError::DropOffAccount
            | ManageError::RevokedByAdministrator
            | ManageError::LinkOnlyWithdrawn => ApiError::Forbidden(plain(message)),
            ManageError::AlreadyAccepted
            | ManageError::AlreadyRevoked
            | ManageError::StillQueued
            | ManageError::Changed => ApiError::Conflict(plain(message)),
            ManageError::FilesExpired => ApiError::Gone(plain(message)),
            ManageError::RecipientRefused(refusal) => {
                let entry = refusal.address().map(str::to_owned);
                ApiError::Unprocessable(body(
                    code,
                    message,
                    Some("recipient"),
                    vec![ErrorDetail {
                        code: None,
                        field: Some("recipient".into()),
                        entry,
                        position: None,
                        reason: crate::errors::recipient_policy_error(&refusal).render(tr),
                    }],
                ))
            }
            ManageError::Store(s) => s.into(),
        }
    }
}

impl From<ActivationError> for ApiError {
    fn from(e: ActivationError) -> Self {
        let tr = api_words();
        let plain = |code: &str, id: &str| body(code, tr.t(id), None, vec![]);
        match &e {
            ActivationError::Unknown => ApiError::NotFound(plain("token_unknown", "api-link-unknown")),
            ActivationError::Expired(_) => ApiError::Gone(plain("token_expired", "api-link-expired")),
            ActivationError::Used(_) => ApiError::Gone(plain("token_used", "api-link-used")),
            ActivationError::Revoked(_) => ApiError::Gone(plain("token_revoked", "api-link-revoked")),
            ActivationError::AccountExists => ApiError::Conflict(plain("account_exists", "api-account-exists")),
            ActivationError::Password(rules) => ApiError::Unprocessable(body(
                "invalid_password",
                tr.t("api-password-policy"),
                Some("password"),
                rules
                    .iter()
                    .map(|r| ErrorDetail {
                        code: None,
                        field: Some("password".into()),
                        entry: None,
                        position: None,
                        reason: crate::errors::password_rule(r).render(tr),
                    })
                    .collect(),
            )),
            ActivationError::NotInternal => ApiError::Conflict(plain("not_internal", "api-not-internal")),
            ActivationError::DirectoryCredentials => ApiError::Unprocessable(body(
                "invalid_credentials",
                tr.t("api-directory-credentials"),
                Some("password"),
                vec![],
            )),
            ActivationError::NotTheInvitee => ApiError::Unprocessable(body(
                "not_the_invitee",
                tr.t("api-not-the-invitee"),
                Some("login"),
                vec![],
            )),
            ActivationError::NoEmailInDirectory => {
                ApiError::Forbidden(plain("no_email_in_directory", "api-no-email-in-directory"))
            }
            ActivationError::DirectoryUnavailable => {
                ApiError::Unavailable(plain("directory_unavailable", "api-directory-unavailable"))
            }
            ActivationError::Internal(_) => ApiError::internal(&e),
        }
    }
}

/// Any error poem produced before our handlers ran (malformed JSON, wrong content type,
/// oversized body, unknown route) in the same shape, with the documented response where there
/// is one.
pub(crate) fn from_poem(err: &poem::Error) -> poem::Response {
    use poem::IntoResponse;
    let status = err.status();
    let tr = api_words();
    if err.is::<super::TokenExpired>() {
        let mut resp =
            ApiError::Unauthorized(body("token_expired", tr.t("api-token-expired"), None, vec![])).into_response();
        resp.headers_mut().insert(
            poem::http::header::WWW_AUTHENTICATE,
            poem::http::HeaderValue::from_static(
                "Bearer error=\"invalid_token\", error_description=\"the token expired\"",
            ),
        );
        return resp;
    }
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_server_error() => "internal_error",
        _ => "bad_request",
    };
    let message = match status {
        s if s.is_server_error() => {
            tracing::error!(error = %err, "API request failed");
            tr.t("api-internal")
        }
        StatusCode::UNAUTHORIZED => tr.t("api-token-required"),
        StatusCode::PAYLOAD_TOO_LARGE => tr.t2(
            "api-body-too-large",
            ("kib", super::MAX_BODY / 1024),
            ("mib", super::MAX_BULK_BODY / (1024 * 1024)),
        ),
        StatusCode::NOT_FOUND => tr.t("api-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => tr.t("api-method-not-allowed"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => tr.t("api-unsupported-media-type"),
        // What poem found wrong with the request (its JSON parser's words) stays as it is, after
        // a sentence of the reader's language.
        _ => tr.t1("api-bad-request", "detail", err.to_string()),
    };
    let b = body(code, message, None, vec![]);
    match status {
        StatusCode::BAD_REQUEST => ApiError::BadRequest(b).into_response(),
        StatusCode::UNAUTHORIZED => {
            let mut resp = ApiError::Unauthorized(b).into_response();
            resp.headers_mut().insert(
                poem::http::header::WWW_AUTHENTICATE,
                poem::http::HeaderValue::from_static("Bearer"),
            );
            resp
        }
        StatusCode::NOT_FOUND => ApiError::NotFound(b).into_response(),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(b).into_response(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(b).into_response(),
        StatusCode::INTERNAL_SERVER_ERROR => ApiError::Internal(b).into_response(),
        other => poem::Response::builder()
            .status(other)
            .content_type("application/json; charset=utf-8")
            .body(poem_openapi::types::ToJSON::to_json_string(&b.0)),
    }
}
