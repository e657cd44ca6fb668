#!/usr/bin/env bash
# A guided tour of the running local stack (deploy/local/run.sh in another terminal), as a partner would call
# it: only the HTTPS front door, only tokens from the token endpoint. Needs curl and jq.
#   deploy/local/smoke.sh
# Same steps as the automated end-to-end test (deploy/local: LocalStackIT). Exits non-zero at the first surprise.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
data=${LOCAL_DATA_DIR:-$root/.local}
base=https://localhost:${LOCAL_FRONT_DOOR_PORT:-8443}
cacert=$data/tls/localhost.crt
issuer=LOCAL00001
run=$(date +%s)
consumer=smoke-consumer-$run
account=SMOKE-ACC-$run

for tool in curl jq java; do command -v $tool >/dev/null || { echo "smoke.sh: $tool is needed" >&2; exit 1; }; done
[ -f "$data/clients.json" ] || { echo "smoke.sh: no $data/clients.json: start the stack first (deploy/local/run.sh)" >&2; exit 1; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# call METHOD PATH TOKEN [JSON] [extra curl args...] : prints the body, fails unless 2xx; status in $status
call() {
  local method=$1 path=$2 token=$3 body=${4:-}; shift 4 || shift $#
  local out; out=$(mktemp)
  status=$(curl -sS --cacert "$cacert" -o "$out" -w '%{http_code}' -X "$method" "$base$path" \
    ${token:+-H "Authorization: Bearer $token"} -H 'Accept: application/json' -H "x-correlation-id: smoke-$run" \
    ${body:+-H 'Content-Type: application/json' --data-binary "$body"} "$@")
  echo "$method $path -> $status" >&2
  cat "$out"; rm -f "$out"
  [ "${status:0:1}" = 2 ] || { echo; echo "smoke.sh: unexpected status $status" >&2; exit 1; }
}
secret() { jq -r --arg id "$1" '.[] | select(.clientId == $id) | .clientSecret' "$data/clients.json"; }
token() { # client_credentials with HTTP Basic, at the token endpoint, through the front door
  curl -sS --fail-with-body --cacert "$cacert" -u "$1:$(secret "$1")" -d grant_type=client_credentials "$base/oauth2/token" \
    | jq -r .access_token
}

step "Tokens from the token endpoint (client_credentials)"
d1=$(token local-d1-issuer); citi=$(token local-citi); blackhawk=$(token local-blackhawk); triple=$(token local-triple)
echo "4 tokens, e.g. the D1 issuer's claims: $(cut -d. -f2 <<<"$d1" | tr '_-' '/+' | base64 -d 2>/dev/null | jq -c '{sub,issuer_id,scope}' || true)"

step "Webhooks: a receiver on this machine, and an endpoint for it (notification-service)"
cp=deploy/local/target/classes:$(cat deploy/local/target/classpath.txt)
hook_port=${SMOKE_WEBHOOK_PORT:-9099}
hooks=$(mktemp -d)
java -cp "$cp" com.cardplatform.local.WebhookReceiver "$hook_port" "$hooks/secret" > "$hooks/received" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; rm -rf "$hooks"' EXIT
endpoint=$(call POST /webhooks/endpoints "$d1" "{\"url\":\"http://127.0.0.1:$hook_port/card-events\",\"eventTypes\":[\"tracking.operation.updated\",\"card.status.changed\"],\"description\":\"smoke tour $run\"}")
jq -c '{id, url, eventTypes}' <<<"$endpoint"
jq -r .secret <<<"$endpoint" > "$hooks/secret"   # shown once: the receiver checks every signature with it
endpoint_id=$(jq -r .id <<<"$endpoint")

step "D1: register consumer $consumer with account $account (consumer-service)"
call POST "/issuers/$issuer/consumers" "$d1" "{\"consumerId\":\"$consumer\",\"accounts\":[{\"accountId\":\"$account\"}]}" | jq .

step "Register its debit and credit cards (card-service)"
call POST "/issuers/$issuer/cards" "$d1" "{\"cardId\":\"SMOKE-DEBIT-$run\",\"consumerId\":\"$consumer\",\"accountId\":\"$account\",\"productType\":\"DEBIT\",\"pan\":\"4111111111111111\"}" | jq -c .
call POST "/issuers/$issuer/cards" "$d1" "{\"cardId\":\"SMOKE-CREDIT-$run\",\"consumerId\":\"$consumer\",\"accountId\":\"$account\",\"productType\":\"CREDIT\",\"pan\":\"5555555555554444\"}" | jq -c .
call GET "/issuers/$issuer/consumers/$consumer/cards" "$d1" "" | jq -c '.cards[] | {cardId, status}'

step "Tracking hub: encrypt the card data to the published key (JWE), then track the shipment"
jwe=$(curl -sS --cacert "$cacert" "$base/.well-known/tracking-jwks.json" \
  | java -cp "$cp" com.cardplatform.local.EncryptForTracking '{"pan":"4111111111111111","exp":"1230","carrier":"dhl","trackingNumber":"JD014600006281230704"}')
echo "encryptedData: ${jwe:0:60}..."
op=$(call POST "/issuers/$issuer/physicalCards/SMOKE-DEBIT-$run/operations:track" "$d1" \
  "{\"trackingType\":\"SHIPMENT\",\"encryptedData\":\"$jwe\"}" | jq -r .operationId)
sleep 1
call GET "/issuers/$issuer/physicalCards/SMOKE-DEBIT-$run/operations/$op" "$d1" "" | jq .

step "Sandbox: the carrier takes the card, then delivers it (as a carrier update does)"
for event in in_transit delivered; do
  call POST "/simulations/issuers/$issuer/physicalCards/SMOKE-DEBIT-$run/tracking" "$d1" "{\"event\":\"$event\"}" | jq -c .
done
call GET "/issuers/$issuer/physicalCards/SMOKE-DEBIT-$run/operations/$op" "$d1" "" | jq -c '{status, shipment: .details.shipment.status}'

step "Citi: block the account's cards (F: temporary for debit, stolen for credit)"
call PUT /v1/cards/status/detail "$citi" "{\"accountId\":\"$account\",\"cardStatusCode\":\"F\",\"blockReasonCode\":\"Y1\"}" \
  -H "uuid: $(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)" -H 'countryCode: MX' -H 'businessCode: BNMX' \
  -H 'ChannelId: MOBILE' -H "sid: smoke-$run"
echo "(204: no body)"
call GET "/issuers/$issuer/consumers/$consumer/cards" "$d1" "" | jq -c '.cards[] | {cardId, status}'

step "Blackhawk: set 1,000 activation codes in one request"
codes=$(jq -nc --arg p "$run" '[range(0;1000) | {quoteNumber: ($p + (. | tostring)), proxyNumber: ("6039" + $p + (. | tostring)), activationCode: ("Smoke" + (. | tostring) + "x")}]')
echo "request body: $(printf %s "$codes" | wc -c) bytes"
call POST /cards/v1/set-activation-codes "$blackhawk" "$codes" | jq -c .
call POST /cards/v1/verify-activation-code "$blackhawk" "$(jq -c '.[0]' <<<"$codes")" | jq -c .

step "Triple: publisher, card program, card account, then the lookup by external ids"
pub=$(call POST /partner/publishers "$triple" "{\"external_id\":\"smoke-pub-$run\",\"name\":\"Smoke publisher\"}" | jq -r .id)
prog=$(call POST /partner/card-programs "$triple" "{\"publisher_id\":\"$pub\",\"external_id\":\"smoke-prog-$run\",\"name\":\"Smoke program\",\"currency\":\"USD\",\"default_country_code\":\"US\",\"default_postal_code\":\"10001\"}" | jq -r .id)
acct=$(call POST /partner/card-accounts "$triple" "{\"card_program_id\":\"$prog\",\"external_id\":\"smoke-acct-$run\",\"default_country_code\":\"US\",\"default_postal_code\":\"10001\",\"status\":\"ENROLLED\"}" | jq -r .id)
call POST /partner/card-account.by-ids "$triple" "{\"card_account_external_id\":\"smoke-acct-$run\",\"card_program_external_id\":\"smoke-prog-$run\",\"publisher_external_id\":\"smoke-pub-$run\"}" | jq .
call GET "/partner/card-accounts/$acct" "$triple" "" | jq -c .

step "D1: delete the consumer, then watch the operation and the cards"
del=$(call POST "/issuers/$issuer/consumers/$consumer/operations:delete" "$d1" '{"reason":"smoke test","reasonCode":"ISSUER_DECISION"}' | jq -r .operationId)
for i in $(seq 1 60); do
  state=$(call GET "/issuers/$issuer/consumers/$consumer/operations/$del" "$d1" "" 2>/dev/null | jq -r .status)
  echo "operation $del: $state"
  [ "$state" = SUCCESSFUL ] && break
  [ "$state" = FAILED ] && { echo "smoke.sh: the delete failed" >&2; exit 1; }
  sleep 1
done
[ "$state" = SUCCESSFUL ] || { echo "smoke.sh: the delete is still $state" >&2; exit 1; }
call GET "/issuers/$issuer/consumers/$consumer/cards" "$d1" "" | jq -c '.cards[] | {cardId, status}'

step "The signed events the receiver got (signatures checked on the raw body)"
# the shipment created, in transit, delivered; the two cards blocked, then removed with their consumer
for i in $(seq 1 30); do
  [ "$(grep -c 'signature valid' "$hooks/received" || true)" -ge 5 ] && break
  sleep 1
done
cat "$hooks/received"
grep -q 'NOT valid' "$hooks/received" && { echo "smoke.sh: a signature did not verify" >&2; exit 1; }
[ "$(grep -c 'signature valid' "$hooks/received" || true)" -ge 5 ] || { echo "smoke.sh: events missing" >&2; exit 1; }
call GET "/webhooks/events?limit=3" "$d1" "" | jq -c '.data[]? // .[]? | {id, type}'
call DELETE "/webhooks/endpoints/$endpoint_id" "$d1" ""
echo

step "Not reachable from outside: /internal and /q"
for path in "/internal/issuers/$issuer/consumers/$consumer/cards" /q/health /q/metrics; do
  code=$(curl -sS --cacert "$cacert" -o /dev/null -w '%{http_code}' "$base$path")
  echo "GET $path -> $code"; [ "$code" = 404 ] || { echo "smoke.sh: $path is reachable" >&2; exit 1; }
done

printf '\n\033[1mAll steps passed.\033[0m\n'
