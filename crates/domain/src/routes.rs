//! The portal's addresses that pages and emails share: the one route table. The web front end
//! mounts its pages on these paths; emails link to them.

/// The sign-in page.
pub const SIGN_IN: &str = "/sign-in";
/// A staff member's messages (*My invitations*).
pub const INVITATIONS: &str = "/invitations";
/// The administrators' list of users.
pub const ADMIN_USERS: &str = "/admin/users";
/// The start page.
pub const HOME: &str = "/";
/// An activation link: this, then the token.
pub const ACTIVATE: &str = "/activate/";
/// A download link: this, then the token.
pub const DOWNLOAD: &str = "/download/";

/// The address of a page under the portal's public base URL (without a trailing slash).
pub fn page(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

/// An activation link.
pub fn activation(base_url: &str, token: &str) -> String {
    format!("{base_url}{ACTIVATE}{token}")
}

/// A download link.
pub fn download(base_url: &str, token: &str) -> String {
    format!("{base_url}{DOWNLOAD}{token}")
}
