#!/usr/bin/env bash
# Runs every command of `arize` (each verb of each resource, bulk verbs,
# profiles, completions) against `arize fake serve`, as a user would after
# `cargo install --path . --features cli,testing`, and counts failures. A
# check by hand, not part of CI: tests/cli pins each command's output.
#
#   cargo build --release --features cli,testing && bash benches/cli/every_command.sh
set -u
cd "$(dirname "$0")/../.."
B=${B:-$PWD/${CARGO_TARGET_DIR:-target}/release/arize}
dir=$(mktemp -d); cd "$dir"
$B fake serve --organization acme --user alice:member:acme --user bob:admin:acme \
  --custom-role reviewer --space acme:fraud --project fraud:checkout \
  --service-key deployer:fraud --env-file fake.env > /dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$dir"' EXIT
for _ in $(seq 100); do [ -s fake.env ] && break; sleep 0.05; done
set -a; . ./fake.env; set +a
export HOME=$dir
fails=0; n=0
run() { n=$((n+1)); if ! out=$("$B" "$@" 2>&1 </dev/null); then echo "FAIL ($?): arize $*"; echo "$out" | tail -2; fails=$((fails+1)); fi; }
run spaces list; run spaces get fraud; run spaces create -n s2 --organization acme
run spaces update s2 --name s3; run spaces add-user fraud --user-id alice@example.com -r member
run spaces add-user fraud --user-id alice@example.com,bob@example.com -r read-only
run spaces remove-user fraud --user-id alice@example.com --yes; run spaces delete s3 --yes
run organizations list; run organizations get acme; run organizations create -n org2
run organizations update org2 --description d; run organizations add-user org2 --user-id bob@example.com -r admin
run organizations remove-user org2 --user-id bob@example.com --yes; run organizations delete org2 --yes
run users list --all -o csv; run users get alice@example.com
run users create -n Carol -e carol@example.com -r member --invite-mode TEMPORARY_PASSWORD
printf 'email,name\ndan@example.com,Dan\neve@example.com,Eve\n' > team.csv
run users create --from-file team.csv -r member --invite-mode EMAIL_LINK
run users update carol@example.com --is-not-developer; run users resend-invitation dan@example.com
run users reset-password alice@example.com; run users delete dan@example.com eve@example.com --yes
run roles list; run roles create -n auditor --permissions SPACE_READ; run roles get auditor
run roles update auditor --description "reads"; run role-bindings assign --user-id carol@example.com \
  --role-id auditor --resource-type SPACE --resource-id fraud
run role-bindings assign --user-id alice@example.com,bob@example.com --role-id reviewer \
  --resource-type PROJECT --resource-id checkout --space fraud
run role-bindings list --resource-type SPACE; id=$("$B" role-bindings list --resource-type SPACE -o ndjson | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
run role-bindings get "$id"; run role-bindings update "$id" --role-id reviewer; run role-bindings delete "$id" --yes
run role-bindings create --user-id carol@example.com --role-id reviewer --resource-type SPACE --resource-id fraud
run roles delete auditor --yes
run projects list --space fraud; run projects create -n p2 -s fraud; run projects get p2 -s fraud
run projects update p2 -s fraud -n p3; run resource-restrictions restrict --resource-id p3 --space fraud
run resource-restrictions list; run resource-restrictions unrestrict --resource-id p3 --space fraud --yes
run projects delete p3 -s fraud --yes
run api-keys list; run api-keys list --space fraud; run api-keys create -n laptop --expires-at 2030-01-01
run api-keys create-service-key -n bot --organization acme --space fraud=admin --env-file .env
key=$("$B" api-keys list -o ndjson | head -1 | sed 's/.*"id":"\([^"]*\)".*/\1/')
run api-keys refresh "$key" --grace-period-seconds 60 --env-file .env.rotated; run api-keys revoke "$key" --yes
run audit-logs list --all; run profiles list; run completions bash
echo "$n commands, $fails failed"
[ "$fails" -eq 0 ]
