//! Postern's directory adapters: [`ActiveDirectory`] (LDAP), or [`NoDirectory`] when the
//! portal runs with local accounts only.

mod ad;

pub use ad::{ActiveDirectory, ActiveDirectorySettings, SetupError};

use async_trait::async_trait;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::ports::{Directory, DirectoryError, DirectoryPerson};

/// "No directory configured": knows nobody and authenticates nobody.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoDirectory;

#[async_trait]
impl Directory for NoDirectory {
    fn is_configured(&self) -> bool {
        false
    }

    async fn find_person(&self, _email: &EmailAddress) -> Result<Option<DirectoryPerson>, DirectoryError> {
        Ok(None)
    }

    async fn authenticate(&self, _login: &str, _password: &Password) -> Result<DirectoryPerson, DirectoryError> {
        Err(DirectoryError::InvalidCredentials {
            reason: "no directory is configured".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn knows_nobody_and_authenticates_nobody() {
        let d = NoDirectory;
        assert!(!d.is_configured());
        let a = EmailAddress::parse("anyone@example.com").unwrap();
        assert_eq!(d.find_person(&a).await.unwrap(), None);
        let err = d
            .authenticate("anyone@example.com", &Password::new("x"))
            .await
            .unwrap_err();
        assert!(matches!(err, DirectoryError::InvalidCredentials { .. }));
    }
}
