//! API tokens as a client that calls many times a second uses them.

use postern_domain::ports::{ApiTokenRepository, Clock};
use postern_domain::token::TokenScope;
use postern_domain::usecases::{LAST_USED_PRECISION, UseCases};
use postern_domain::user::UserKind;
use time::Duration;

use crate::support::World;

/// "Last used" is written on the first call and then at most once a minute: a script calling
/// twice a second for 75 s costs two writes, not 150, and the list still says when
/// the token was last used to the minute.
#[tokio::test]
async fn last_used_is_kept_to_the_minute_not_written_on_every_call() {
    let w = World::new().await;
    let staff = w.user("staff@example.com", UserKind::Internal).await;
    let uc = UseCases::new(&w.mem.ports);
    let (record, token) = uc
        .api_tokens
        .create(&staff, "script", None, TokenScope::Send)
        .await
        .unwrap();
    let last_used = || async {
        w.mem
            .store
            .find_api_token(&record.digest)
            .await
            .unwrap()
            .unwrap()
            .last_used_at
    };
    assert_eq!(last_used().await, None);
    let first = w.mem.clock.now();
    uc.api_tokens.authenticate(&token).await.unwrap();
    assert_eq!(last_used().await, Some(first));
    for _ in 0..150 {
        w.mem.clock.advance(Duration::milliseconds(500));
        uc.api_tokens.authenticate(&token).await.unwrap();
        let seen = last_used().await.unwrap();
        assert!(
            w.mem.clock.now() - seen < LAST_USED_PRECISION,
            "never older than a minute"
        );
    }
    // 75 s of calls: written at the first and at the one a minute later, none in between.
    let at = last_used().await.unwrap();
    assert_eq!(
        at - first,
        Duration::seconds(60),
        "written again once the minute had passed"
    );
}
