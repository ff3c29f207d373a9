#!/bin/sh
# A walk through the Postern API with nothing but curl (and grep/sed to pick ids).
#
#   BASE=http://localhost:8080 TOKEN=pstk_… sh docs/examples/api-walkthrough.sh
#       sends an invitation to three recipients, lists it, waits until each is sent, resends
#       to the first recipient and revokes the second.
#   BASE=http://localhost:8080 ACTIVATION=pstn_… sh docs/examples/api-walkthrough.sh
#       the invitee's side: looks at the activation link and creates the account.
set -eu
: "${BASE:?set BASE, e.g. http://localhost:8080}"

if [ -n "${ACTIVATION:-}" ]; then
    echo "== what the link opens"
    curl -sS --fail-with-body "$BASE/api/v1/activation/$ACTIVATION"; echo
    echo "== create the account"
    curl -sS --fail-with-body -H 'Content-Type: application/json' \
        -d '{"display_name": "Carol Jones", "password": "a long and private passphrase"}' \
        "$BASE/api/v1/activation/$ACTIVATION"; echo
    exit 0
fi

: "${TOKEN:?set TOKEN to a personal API token (postern token create --user you@example.com)}"
auth="Authorization: Bearer $TOKEN"

echo "== who am I, and may I invite?"
curl -sS --fail-with-body -H "$auth" "$BASE/api/v1/me"; echo

echo "== send one invitation to three recipients"
sent=$(curl -sS --fail-with-body -H "$auth" -H 'Content-Type: application/json' \
    -d '{"to": "ann@example.org; \"Doe, John\" <john@example.org>", "cc": ["carol@example.org"],
         "subject": "Files for the audit", "message": "Please create your account.",
         "options": {"link_lifetime_days": 7}, "idempotency_key": "audit-2026-11"}' \
    "$BASE/api/v1/invitations")
echo "$sent"
ids=$(printf '%s' "$sent" | grep -o '"id":"[^"]*"' | sed 's/"id":"\(.*\)"/\1/')
invitation=$(echo "$ids" | sed -n 1p)
first=$(echo "$ids" | sed -n 2p)
second=$(echo "$ids" | sed -n 3p)

echo "== my invitations"
curl -sS --fail-with-body -H "$auth" "$BASE/api/v1/invitations"; echo

echo "== each recipient's status, until the delivery worker has sent every message"
tries=0
while :; do
    status=$(curl -sS --fail-with-body -H "$auth" "$BASE/api/v1/invitations/$invitation")
    case "$status" in
        *'"status":"queued"'*|*'"status":"deferred"'*) ;;
        *) break ;;
    esac
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "still queued after a minute: $status"; exit 1; }
    sleep 1
done
echo "$status"

# A message still waiting for delivery cannot be resent (409 still_queued): it is retried
# automatically, and a second one would carry a second live link.
echo "== resend to the first recipient (a new link; the old one stops working)"
curl -sS --fail-with-body -X POST -H "$auth" "$BASE/api/v1/invitations/$invitation/recipients/$first/resend"; echo

echo "== revoke the second recipient's link"
curl -sS --fail-with-body -X POST -H "$auth" "$BASE/api/v1/invitations/$invitation/recipients/$second/revoke"; echo
