#!/usr/bin/env bash
# A scripted day with relmgr: everything a script needs comes from --json (and jq-free Python
# one-liners, so this runs anywhere relmgr does). Run it against a scratch book:
#
#   RELMGR_DB=/tmp/day.db bash examples/daily.sh
#
set -euo pipefail
: "${RELMGR_DB:?set RELMGR_DB to a scratch book, e.g. RELMGR_DB=/tmp/day.db}"
export RELMGR_DB
json() { python3 -c "import json,sys; data=json.load(sys.stdin); print($1)"; }

# 08:30 — set up a client and its key person (-q prints just the new id, handy in scripts).
client_id=$(relmgr client add "PT Sinar Jaya Abadi" --tier A --city Jakarta --country Indonesia -q)
relmgr contact add "$client_id" "Budi Santoso" --title "Direktur Keuangan" --email budi@sinarjaya.example.id --key -q

# 09:00 — the morning agenda: how many things are overdue, and the first of them.
relmgr agenda --json | json '"overdue:", len(data["overdue"]), "due today:", len(data["today"])'

# 10:15 — a call, with the promise that came out of it; the follow-up id is in the JSON.
followup_id=$(relmgr log "Sinar Jaya" "Rapat evaluasi kontrak tahunan" --kind meeting --contact Budi \
  --followup fri --json | json 'data["followup"]["id"]')
echo "promised follow-up #$followup_id"

# 11:00 — a recurring check-in on the first Monday of every month.
relmgr followup add "Sinar Jaya" "Monthly account check-in" --due mon --every "FREQ=MONTHLY;BYDAY=1MO" -q

# 16:45 — the promise is kept; a recurring one would open its next occurrence.
relmgr followup done "$followup_id" --note "Proposal sent by email" -q

# 17:30 — export today's interactions as CSV for the team sheet.
relmgr interaction list --since today --csv

# End of day: what is open, soonest first.
relmgr followup list --json | json '[f["title"] + " (due " + f["due"] + ")" for f in data]'
