//! Bulk invitations: a list of up to 10,000 invitees, checked row by row (a dry run writes
//! nothing), then sent in invitations of at most the administrator's recipients per
//! invitation, each recipient's message addressed to them alone.

use super::Ports;
use super::send::{InvitationInputError, InvitationRequest, SendError, SendInvitations};
use crate::EmailAddress;
use crate::bulk::{BulkFormat, BulkRow, ReadableRow, RowIssue, RowProblem, check_rows};
use crate::ids::InvitationId;
use crate::invitation::MessageKind;
use crate::policy::RequestedOptions;
use crate::recipients::{Addressees, Recipient, RecipientList};
use crate::text::{MessageBody, Subject};
use crate::user::User;

/// Longest idempotency key of a bulk invitation (each batch adds `/<number>` to it).
pub const MAX_BULK_KEY: usize = 90;

/// A list to invite.
#[derive(Debug, Clone)]
pub struct BulkRequest {
    /// How the list was written (for what its positions are called).
    pub format: BulkFormat,
    /// The rows as read.
    pub rows: Vec<BulkRow>,
    /// Subject of every invitation.
    pub subject: Subject,
    /// Message of every invitation.
    pub message: MessageBody,
    /// Delivery options (link-only is not offered for lists).
    pub options: RequestedOptions,
    /// Repeat the same request with the same key and nothing is sent twice.
    pub idempotency_key: Option<String>,
}

/// What a bulk request found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkReport {
    /// Rows read.
    pub rows: usize,
    /// Rows that pass every check (invited, unless a dry run).
    pub valid: usize,
    /// Every other row, with its line and why, in the list's order.
    pub issues: Vec<RowIssue>,
    /// The invitations made (or found again on a repeat), in order.
    pub invitations: Vec<InvitationId>,
    /// Invitees queued by this request (0 for a dry run or a repeat).
    pub queued: usize,
    /// Whether every invitation was already made by an earlier request with the same key.
    pub replayed: bool,
}

/// Checks and sends lists of invitees.
pub struct BulkInvitations {
    send: SendInvitations,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    clock: std::sync::Arc<dyn crate::ports::Clock>,
}

impl BulkInvitations {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            send: SendInvitations::new(p),
            settings: p.settings.clone(),
            users: p.users.clone(),
            invitations: p.invitations.clone(),
            clock: p.clock.clone(),
        }
    }

    /// Checks every row as sending would, writing nothing: the rows that pass, and every
    /// other row with its line and why (address, name, language, duplicate, own address,
    /// existing account, the recipient rules and the directory). Whole-request problems
    /// (permission, options, the key, the sender's quota for the rows that pass) are errors.
    ///
    /// # Errors
    /// [`SendError`]; nothing is written.
    pub async fn check(
        &self,
        sender: &User,
        request: &BulkRequest,
    ) -> Result<(Vec<ReadableRow>, Vec<RowIssue>), SendError> {
        let settings = self.settings.load_settings().await?;
        if !settings.invitations.may_invite(sender) {
            return Err(SendError::NotPermitted);
        }
        let mut errors = Vec::new();
        if let Err(e) = settings.delivery.resolve(&request.options) {
            errors.extend(e.into_iter().map(InvitationInputError::Option));
        }
        if request.options.link_only == Some(true) {
            errors.push(InvitationInputError::LinkOnlyList);
        }
        if let Some(k) = &request.idempotency_key
            && (k.is_empty() || k.len() > MAX_BULK_KEY || !k.chars().all(|c| c.is_ascii_graphic()))
        {
            errors.push(InvitationInputError::IdempotencyKey);
        }
        if !errors.is_empty() {
            return Err(SendError::Invalid(errors));
        }
        let position = request.format.position();
        let (readable, mut issues) = check_rows(&request.rows, position);
        // Who has an account: one question per thousand addresses.
        let addresses: Vec<EmailAddress> = readable.iter().map(|r| r.address.clone()).collect();
        let mut holders = std::collections::HashSet::new();
        for chunk in addresses.chunks(1000) {
            for u in self.users.find_users_by_emails(chunk).await? {
                holders.insert(u.email.normalized().to_owned());
            }
        }
        let mut good = Vec::with_capacity(readable.len());
        for row in readable {
            let problem = if row.address == sender.email {
                Some(RowProblem::OwnAddress)
            } else if holders.contains(row.address.normalized()) {
                Some(RowProblem::HasAccount)
            } else if !self
                .send
                .group_addresses(&settings, std::slice::from_ref(&row.address))
                .await?
                .is_empty()
            {
                Some(RowProblem::GroupAddress)
            } else if let Err(refused) = settings.recipients.check_address(&row.address) {
                Some(RowProblem::Refused(refused))
            } else {
                let (_, refused) = self.send.classify(&settings, &row.address).await?;
                refused.map(RowProblem::Refused)
            };
            match problem {
                Some(problem) => issues.push(RowIssue {
                    line: row.line,
                    email: row.address.as_str().to_owned(),
                    problem,
                }),
                None => good.push(row),
            }
        }
        issues.sort_by_key(|i| i.line);
        // The quota for the whole list, before anything is sent.
        let quota = settings.quotas.for_user(sender);
        if quota != crate::policy::Quota::default() && !good.is_empty() {
            let now = self.clock.now();
            let usage = self
                .invitations
                .sender_usage(sender.id, now - time::Duration::days(1), now)
                .await?;
            let n = u32::try_from(good.len()).unwrap_or(u32::MAX);
            if let Err(exceeded) = quota.check(&usage, n, n, now) {
                return Err(SendError::QuotaExceeded(exceeded));
            }
        }
        Ok((good, issues))
    }

    /// The invitations `sender` made from one list (by its idempotency key), in order: what
    /// the progress page counts.
    ///
    /// # Errors
    /// Storage.
    pub async fn progress(
        &self,
        sender: &User,
        key: &str,
    ) -> Result<Vec<crate::invitation::Invitation>, crate::ports::StoreError> {
        let mut found = Vec::new();
        if key.is_empty() || key.len() > MAX_BULK_KEY {
            return Ok(found);
        }
        // As many invitations as a list of the largest size makes at one recipient each.
        for n in 1..=crate::bulk::MAX_BULK_ROWS {
            match self
                .invitations
                .find_by_idempotency_key(sender.id, &format!("{key}/{n}"))
                .await?
            {
                Some(i) => found.push(i),
                None => break,
            }
        }
        Ok(found)
    }

    /// Checks the list ([`BulkInvitations::check`]) and, unless `dry_run`, invites every row
    /// that passes: invitations of at most the administrator's recipients per invitation,
    /// each message addressed to its recipient alone, no copy to the sender. With an
    /// idempotency key, a repeat makes nothing twice: invitations already made are found
    /// again, and a request cut short is finished by repeating it.
    ///
    /// # Errors
    /// [`SendError`]; on an error before the first invitation nothing is written.
    pub async fn import(&self, sender: &User, request: &BulkRequest, dry_run: bool) -> Result<BulkReport, SendError> {
        let (good, issues) = self.check(sender, request).await?;
        let mut report = BulkReport {
            rows: request.rows.len(),
            valid: good.len(),
            issues,
            ..BulkReport::default()
        };
        if dry_run || good.is_empty() {
            return Ok(report);
        }
        let per_invitation = self.settings.load_settings().await?.recipients.max_recipients.max(1);
        let mut all_replayed = true;
        // One invitation is written in one language: the rows are grouped by theirs (in the
        // order each language first appears, each group in the list's order).
        let mut languages: Vec<Option<crate::language::Language>> = Vec::new();
        for row in &good {
            if !languages.contains(&row.language) {
                languages.push(row.language);
            }
        }
        let grouped: Vec<Vec<crate::bulk::ReadableRow>> = languages
            .iter()
            .map(|l| good.iter().filter(|r| r.language == *l).cloned().collect())
            .collect();
        let mut batches: Vec<&[crate::bulk::ReadableRow]> = Vec::new();
        for group in &grouped {
            batches.extend(group.chunks(per_invitation));
        }
        for (n, batch) in batches.into_iter().enumerate() {
            let to =
                RecipientList::from_recipients(batch.iter().map(|r| Recipient::new(r.address.clone(), r.name.clone())));
            let addressees = Addressees::new(to, RecipientList::default(), RecipientList::default())
                .map_err(|e| SendError::Invalid(vec![InvitationInputError::Recipients(e)]))?;
            let sent = self
                .send
                .execute(
                    sender,
                    InvitationRequest {
                        addressees,
                        subject: request.subject.clone(),
                        message: request.message.clone(),
                        options: request.options,
                        idempotency_key: request.idempotency_key.as_ref().map(|k| format!("{k}/{}", n + 1)),
                        attachments: Vec::new(),
                        kind: MessageKind::Invitation,
                        include_existing_accounts: false,
                        individually: true,
                        // Rows that look like groups were left out by the check.
                        include_group_addresses: false,
                        language: batch.first().and_then(|r| r.language),
                    },
                )
                .await?;
            if !sent.replayed {
                report.queued += sent.invitation.recipients.len();
                all_replayed = false;
            }
            report.invitations.push(sent.invitation.id);
        }
        report.replayed = all_replayed;
        Ok(report)
    }
}
