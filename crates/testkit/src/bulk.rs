//! A large list of invitees with known bad rows, for the bulk-invitation tests and benchmark.

/// The kinds of bad row [`invitee_list`] plants, in turn, with the code each is refused with
/// (the sender's own address only the first time: then an empty address).
pub const BAD_KINDS: [(&str, &str); 7] = [
    ("address", "invalid_address"),
    ("duplicate", "duplicate"),
    ("own", "own_address"),
    ("existing", "existing_account"),
    ("denied", "recipient_refused"),
    ("language", "unsupported_language"),
    ("name", "invalid_name"),
];

/// The sender's address in [`invitee_list`] (its own row is refused).
pub const LIST_SENDER: &str = "sender@example.com";
/// Addresses that have an account already (create them before checking the list).
pub fn existing_accounts() -> Vec<String> {
    (0..40).map(|n| format!("member{n}@example.com")).collect()
}
/// The domain the administrator refuses in the tests.
pub const DENIED_DOMAIN: &str = "blocked.example";

/// A CSV list (a header line, then `rows` invitees) in which `bad` rows, spread through the
/// list, are each wrong in one of the [`BAD_KINDS`] ways in turn. Returns the text and the
/// bad rows as (line, code), in order.
pub fn invitee_list(rows: usize, bad: usize) -> (String, Vec<(usize, &'static str)>) {
    let mut text = String::from("email,name,language\n");
    let mut expected = Vec::new();
    let step = rows / bad.max(1);
    let existing = existing_accounts();
    let mut planted = 0;
    for n in 0..rows {
        let line = n + 2;
        let good = format!("invitee{n}@example.org,Invitee {n},en\n");
        if planted < bad && n % step == step / 2 {
            let (mut kind, mut code) = BAD_KINDS[planted % BAD_KINDS.len()];
            // The sender's own address once; later it would be a duplicate of itself.
            if kind == "own" && planted >= BAD_KINDS.len() {
                (kind, code) = ("empty", "invalid_address");
            }
            let row = match kind {
                "empty" => ",Nobody,\n".to_owned(),
                "address" => format!("not an address {n},Someone,\n"),
                // The same address as the first row, in other letters.
                "duplicate" => "INVITEE0@EXAMPLE.ORG,Again,\n".to_owned(),
                "own" => format!("{LIST_SENDER},Me,\n"),
                "existing" => format!("{},Member,\n", existing[planted % existing.len()]),
                "denied" => format!("x{n}@{DENIED_DOMAIN},Blocked,\n"),
                "language" => format!("lang{n}@example.org,Lang,xx\n"),
                _ => format!("name{n}@example.org,\"{}\",\n", "n".repeat(201)),
            };
            text.push_str(&row);
            expected.push((line, code));
            planted += 1;
        } else {
            text.push_str(&good);
        }
    }
    (text, expected)
}
