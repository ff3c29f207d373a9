//! `postern`: serve the portal, migrate the database, manage users and settings.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use postern::config::Config;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::policy::{InvitationSetting, PortalSettings};
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, CreateUserError, NewUser};
use postern_domain::user::UserKind;
use postern_i18n::refusals;
use postern_storage::SqlStore;
use tracing::Instrument as _;

#[derive(Parser)]
#[command(
    name = "postern",
    version,
    about = "Postern: secure file drop-off portal with account invitations"
)]
struct Cli {
    /// Configuration file (default: ./postern.toml when it exists; POSTERN_… environment
    /// variables override it). A file named here must exist.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the portal and the delivery worker.
    Serve {
        /// Web front end only: no delivery worker or housekeeping in this process (run
        /// `postern worker` elsewhere), so that web instances and workers scale apart.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run only the delivery worker and housekeeping (no web front end).
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Show or change the administrator settings.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check the Active Directory configuration.
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Check everything the portal depends on, one line each (nothing is changed).
    Doctor,
    /// Copy the database (SQLite, while the portal runs) and the attachment folder into a new
    /// folder.
    Backup {
        /// A folder that does not exist yet.
        dir: PathBuf,
    },
    /// Put a backup back (stop the portal first).
    Restore {
        /// A folder written by `postern backup`.
        dir: PathBuf,
        /// Replace an existing database.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum DirectoryCommand {
    /// Look someone up as an invitation and a sign-in would, and print what the directory says
    /// and what an invitation to them would do.
    Find {
        /// An email address (`mail`, a `proxyAddresses` SMTP address or a UPN), `DOMAIN\\name`
        /// or an account name.
        name: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a personal API token for a user and print it (shown once, stored as a digest).
    Create {
        /// The user's address.
        #[arg(long)]
        user: String,
        /// A label for the token.
        #[arg(long, default_value = "command line")]
        name: String,
        /// Days until it stops working (default: the administrator's default).
        #[arg(long)]
        days: Option<u32>,
        /// What it may do.
        #[arg(long, value_enum, default_value = "send")]
        scope: Scope,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Scope {
    /// Read invitations only.
    Read,
    /// Also send, resend and revoke.
    Send,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Internal,
    External,
    Admin,
}

#[derive(Clone, Copy, ValueEnum)]
enum Permission {
    Allow,
    Deny,
    Inherit,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a local user. The password is read from standard input when it is not a
    /// terminal (`--password-stdin`), else asked for twice.
    Add {
        /// Email address (the username).
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Kind of account.
        #[arg(long, value_enum, default_value = "internal")]
        kind: Kind,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Allow this user to send invitations whatever the global setting.
        #[arg(long)]
        may_invite: bool,
        /// Create an administrator (same as `--kind admin`).
        #[arg(long)]
        admin: bool,
    },
    /// List users.
    List,
    /// Set a user's own invitation permission.
    Invitations {
        /// The user's address.
        #[arg(long)]
        email: String,
        /// allow, deny or inherit (follow the global setting).
        #[arg(value_enum)]
        permission: Permission,
    },
}

#[derive(Subcommand)]
enum SettingsCommand {
    /// Print the settings as JSON.
    Show,
    /// Change one setting by its dotted path, e.g. `invitations.internal_users_may_invite true`.
    Set {
        /// Dotted path (see `postern settings show`).
        key: String,
        /// New value (JSON, or plain text for strings).
        value: String,
    },
}

fn read_password(from_stdin: bool) -> Result<Password> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        return Ok(Password::new(line.trim_end_matches(['\r', '\n'])));
    }
    let first = rpassword::prompt_password("Password: ").context("cannot read the password")?;
    let second = rpassword::prompt_password("Repeat the password: ").context("cannot read the password")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(Password::new(first))
}

fn set_path(settings: &PortalSettings, key: &str, value: &str) -> Result<PortalSettings> {
    let mut doc = serde_json::to_value(settings)?;
    let mut node = &mut doc;
    for part in key.split('.') {
        node = node
            .get_mut(part)
            .ok_or_else(|| anyhow!("unknown setting '{key}' (see `postern settings show`)"))?;
        if !node.is_object() && !key.ends_with(part) {
            bail!("unknown setting '{key}'");
        }
    }
    let parsed = serde_json::from_str(value).unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
    *node = parsed;
    let updated: PortalSettings = serde_json::from_value(doc).map_err(|e| anyhow!("invalid value for '{key}': {e}"))?;
    updated.validate().map_err(|e| anyhow!("{e}"))?;
    Ok(updated)
}

async fn run(cli: Cli, tr: postern_i18n::Tr<'static>) -> Result<()> {
    let file = match &cli.config {
        Some(named) if !named.exists() => bail!(
            "--config {}: no such file (leave --config out to use ./postern.toml and the defaults)",
            named.display()
        ),
        Some(named) if !named.is_file() => bail!("--config {}: not a file", named.display()),
        Some(named) => named.clone(),
        None => PathBuf::from("postern.toml"),
    };
    let config = Config::load(&file).map_err(|e| anyhow!(e))?;
    match cli.command {
        Command::Serve { no_worker } => {
            let roles = postern::Roles { worker: !no_worker };
            let span = postern::instance_span(&config);
            async move { postern::serve(postern::open(config).await?, roles).await }
                .instrument(span)
                .await
        }
        Command::Worker => {
            let span = postern::instance_span(&config);
            async move { postern::work(postern::open(config).await?).await }
                .instrument(span)
                .await
        }
        Command::Migrate => {
            postern_mail::private_dir(&config.server.data_dir)?;
            let url = config.database_url();
            let pending = SqlStore::connect(&url)
                .await?
                .schema_status()
                .await
                .map(|s| s.pending)
                .unwrap_or_default();
            let store = SqlStore::open(&url).await?;
            let status = store.schema_status().await?;
            postern::private_database_files(&config.server.data_dir);
            if !pending.is_empty() {
                println!("{}", tr.t1("cli-migrations-applied", "count", pending.len()));
                for name in &pending {
                    println!("  {name}");
                }
            }
            println!("{}", tr.t1("cli-database-up-to-date", "count", status.applied));
            Ok(())
        }
        Command::User(command) => {
            let runtime = postern::open(config).await?;
            let ports = runtime.ports.clone();
            match command {
                UserCommand::Add {
                    email,
                    name,
                    kind,
                    password_stdin,
                    may_invite,
                    admin,
                } => {
                    let email = EmailAddress::parse(email.trim())
                        .map_err(|e| anyhow!("--email: {}", refusals::address(&e).render(tr)))?;
                    let display_name = DisplayName::parse(&name)
                        .map_err(|e| anyhow!("--name: {}", refusals::display_name(&e).render(tr)))?;
                    let kind = if admin { Kind::Admin } else { kind };
                    let kind = match kind {
                        Kind::Internal => UserKind::Internal,
                        Kind::External => UserKind::External,
                        Kind::Admin => UserKind::Admin,
                    };
                    let password = read_password(password_stdin)?;
                    let user = Accounts::new(&ports)
                        .create_user(
                            Some("cli"),
                            NewUser {
                                email,
                                display_name,
                                kind,
                                password,
                            },
                        )
                        .await
                        .map_err(|e| match e {
                            CreateUserError::Exists => anyhow!(tr.t("cli-user-exists")),
                            CreateUserError::Password(rules) => anyhow!(
                                tr.t1(
                                    "cli-password-refused",
                                    "rules",
                                    rules
                                        .iter()
                                        .map(|r| refusals::password_rule(r).render(tr))
                                        .collect::<Vec<_>>()
                                        .join("; ")
                                )
                            ),
                            CreateUserError::Internal(cause) => anyhow!(cause),
                        })?;
                    if may_invite {
                        ports
                            .users
                            .set_invitation_setting(user.id, InvitationSetting::Allow)
                            .await?;
                    }
                    println!(
                        "{}",
                        tr.args(
                            "cli-user-created",
                            &[
                                ("kind", user.kind.as_str().into()),
                                ("email", user.email.as_str().into()),
                                ("name", user.display_name.as_str().into()),
                            ]
                        )
                    );
                    Ok(())
                }
                UserCommand::List => {
                    let settings = ports.settings.load_settings().await?;
                    for u in ports.users.list_users().await? {
                        let may = tr.t(if settings.invitations.may_invite(&u) {
                            "cli-user-may-invite"
                        } else {
                            "cli-user-may-not-invite"
                        });
                        println!(
                            "{}\t{}\t{}\t{}\t{} ({})",
                            u.email,
                            u.display_name,
                            u.kind.as_str(),
                            u.status.as_str(),
                            may,
                            u.invitation_setting.as_str()
                        );
                    }
                    Ok(())
                }
                UserCommand::Invitations { email, permission } => {
                    let email = EmailAddress::parse(email.trim())
                        .map_err(|e| anyhow!("--email: {}", refusals::address(&e).render(tr)))?;
                    let user = ports
                        .users
                        .find_user_by_email(&email)
                        .await?
                        .ok_or_else(|| anyhow!(tr.t1("cli-no-user", "email", email.as_str())))?;
                    let setting = match permission {
                        Permission::Allow => InvitationSetting::Allow,
                        Permission::Deny => InvitationSetting::Deny,
                        Permission::Inherit => InvitationSetting::Inherit,
                    };
                    ports.users.set_invitation_setting(user.id, setting).await?;
                    ports
                        .audit
                        .record(&postern_domain::ports::AuditEvent {
                            at: ports.clock.now(),
                            actor: Some("cli".into()),
                            action: "user.invitation_setting".into(),
                            subject: user.email.as_str().into(),
                            detail: format!("{} -> {}", user.invitation_setting.as_str(), setting.as_str()),
                        })
                        .await?;
                    println!(
                        "{}",
                        tr.t2(
                            "cli-user-permission",
                            ("email", email.as_str()),
                            ("setting", setting.as_str())
                        )
                    );
                    Ok(())
                }
            }
        }
        Command::Token(TokenCommand::Create {
            user,
            name,
            days,
            scope,
        }) => {
            let runtime = postern::open(config).await?;
            let email = EmailAddress::parse(user.trim())
                .map_err(|e| anyhow!("--user: {}", refusals::address(&e).render(tr)))?;
            let user = runtime
                .ports
                .users
                .find_user_by_email(&email)
                .await?
                .ok_or_else(|| anyhow!("--user: {}", tr.t1("cli-no-user", "email", email.as_str())))?;
            let (_, token) = postern_domain::usecases::ApiTokens::new(&runtime.ports)
                .create(
                    &user,
                    &name,
                    days,
                    match scope {
                        Scope::Read => postern_domain::token::TokenScope::Read,
                        Scope::Send => postern_domain::token::TokenScope::Send,
                    },
                )
                .await
                .map_err(|e| match refusals::token(&e) {
                    Some((field, message)) => anyhow!("--{field}: {}", message.render(tr)),
                    None => anyhow!(e),
                })?;
            println!("{token}");
            Ok(())
        }
        Command::Doctor => {
            let checks = postern::doctor::run(&config).await;
            for c in &checks {
                let verdict = tr.t(if c.ok { "cli-check-ok" } else { "cli-check-failed" });
                println!("{verdict:<6} {:<13} {}", c.name, c.detail);
            }
            let failed = checks.iter().filter(|c| !c.ok).count();
            if failed > 0 {
                bail!(tr.t1("cli-checks-failed", "count", failed));
            }
            Ok(())
        }
        Command::Backup { dir } => {
            let report = postern::backup::backup(&config, &dir).await?;
            match &report.database {
                Some(db) => println!("{}", tr.t1("cli-backup-database", "path", db.display().to_string())),
                None => println!("{}", tr.t("cli-backup-database-postgres")),
            }
            match report.files {
                Some(n) => println!(
                    "{}",
                    tr.t2(
                        "cli-backup-files",
                        ("count", n),
                        ("path", dir.join("files").display().to_string())
                    )
                ),
                None => println!("{}", tr.t("cli-backup-files-s3")),
            }
            println!("{}", tr.t("cli-backup-keys"));
            Ok(())
        }
        Command::Restore { dir, force } => {
            postern::backup::restore(&config, &dir, force).await?;
            println!("{}", tr.t1("cli-restored", "path", dir.display().to_string()));
            Ok(())
        }
        Command::Directory(DirectoryCommand::Find { name }) => {
            let runtime = postern::open(config).await?;
            let directory = &runtime.ports.directory;
            if !directory.is_configured() {
                bail!(tr.t("cli-directory-none"));
            }
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 256 || name.chars().any(char::is_control) {
                bail!(tr.t("cli-directory-name"));
            }
            let settings = runtime.ports.settings.load_settings().await?;
            match directory.invite_group_exists().await.map_err(|e| anyhow!("{e}"))? {
                None => println!("{}", tr.t("cli-invite-group-none")),
                Some(true) => println!("{}", tr.t("cli-invite-group-found")),
                Some(false) => println!("{}", tr.t("cli-invite-group-missing")),
            }
            let person = directory.find_login(name).await.map_err(|e| anyhow!("{e}"))?;
            let address = match &person {
                Some(p) => {
                    let line = |id: &str, value: String| println!("{}", tr.t1(id, "value", value));
                    line("cli-person-account", p.account.clone());
                    line(
                        "cli-person-mail",
                        p.email
                            .as_ref()
                            .map_or_else(|| tr.t("cli-person-no-mail"), |e| e.as_str().to_owned()),
                    );
                    line("cli-person-name", p.display_name.clone());
                    line(
                        "cli-person-disabled",
                        tr.t(if p.disabled { "cli-yes" } else { "cli-no" }),
                    );
                    line(
                        "cli-person-may-invite",
                        tr.t(if p.in_invite_group {
                            "cli-invite-group-member"
                        } else {
                            "cli-invite-by-settings"
                        }),
                    );
                    p.email.clone()
                }
                None => {
                    println!("{}", tr.t1("cli-not-in-directory", "name", name));
                    EmailAddress::parse(name).ok()
                }
            };
            let Some(address) = address else {
                return Ok(());
            };
            let send = postern_domain::usecases::SendInvitations::new(&runtime.ports);
            let (kind, refusal) = send.classify(&settings, &address).await.map_err(|e| anyhow!("{e}"))?;
            let verdict = match (kind, refusal) {
                (_, Some(refusal)) => tr.t1("cli-verdict-refused", "reason", refusal.to_string()),
                (postern_domain::invitation::RecipientKind::Internal, None) => tr.t("cli-verdict-internal"),
                (postern_domain::invitation::RecipientKind::External, None)
                    if settings.recipients.is_own_domain(&address) =>
                {
                    tr.t("cli-verdict-external-own")
                }
                (postern_domain::invitation::RecipientKind::External, None) => tr.t("cli-verdict-external"),
            };
            println!(
                "{}",
                tr.t2("cli-verdict", ("address", address.as_str()), ("verdict", verdict))
            );
            if let Some(local) = runtime.ports.users.find_user_by_email(&address).await? {
                let id = if local.password_hash.is_some() {
                    "cli-portal-account-local"
                } else {
                    "cli-portal-account-directory"
                };
                println!("{}", tr.t1(id, "kind", local.kind.as_str()));
            }
            Ok(())
        }
        Command::Settings(command) => {
            let runtime = postern::open(config).await?;
            let ports = runtime.ports;
            let settings = ports.settings.load_settings().await?;
            match command {
                SettingsCommand::Show => {
                    println!("{}", serde_json::to_string_pretty(&settings)?);
                    Ok(())
                }
                SettingsCommand::Set { key, value } => {
                    let updated = set_path(&settings, &key, &value)?;
                    ports.settings.save_settings(&updated).await?;
                    let before = serde_json::to_value(&settings)?;
                    let after = serde_json::to_value(&updated)?;
                    let pick = |v: &serde_json::Value| {
                        key.split('.')
                            .fold(v.clone(), |v, k| v.get(k).cloned().unwrap_or_default())
                    };
                    ports
                        .audit
                        .record(&postern_domain::ports::AuditEvent {
                            at: ports.clock.now(),
                            actor: Some("cli".into()),
                            action: "settings.changed".into(),
                            subject: key.clone(),
                            detail: format!("{} -> {}", pick(&before), pick(&after)),
                        })
                        .await?;
                    println!("{key} = {}", pick(&after));
                    Ok(())
                }
            }
        }
    }
}

fn main() -> ExitCode {
    let filter = match std::env::var("POSTERN_LOG") {
        Ok(given) if !given.trim().is_empty() => match tracing_subscriber::EnvFilter::try_new(&given) {
            Ok(filter) => filter,
            Err(e) => {
                eprintln!(
                    "error: POSTERN_LOG={given:?} is not a log filter ({e}); for example: info, or debug,sqlx=warn"
                );
                return ExitCode::FAILURE;
            }
        },
        _ => "info,sqlx=warn,sea_orm=warn".into(),
    };
    match std::env::var("POSTERN_LOG_FORMAT").as_deref() {
        // One JSON object per line, for log collectors.
        Ok("json") => tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        Ok("text") | Ok("") | Err(_) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            // Colours for a person at a terminal; plain lines for journald and log files.
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        Ok(other) => {
            eprintln!("error: POSTERN_LOG_FORMAT is {other:?}; use text (the default) or json");
            return ExitCode::FAILURE;
        }
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The terminal's language (LC_ALL, LC_MESSAGES, LANG) for what is printed for people.
    let tr = postern_i18n::catalog(false).tr(postern_i18n::terminal_language(|name| std::env::var(name).ok()));
    match runtime.block_on(run(cli, tr)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", tr.t1("cli-error", "error", format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
