#!/bin/bash
# run.sh : the side-by-side harness of ../shared/perf-anchor (PostGraphile 5 against this service)
# with one query added: the partner dashboard without `Rating.comment`. That field is personal free
# text since "Honest under pressure" and refused (FORBIDDEN) to the anonymous reader the harness
# is, so the harness's own dashboard cannot be compared answer for answer; this one can.
#
#   export PERF_WORK=$(mktemp -d)
#   YWX_REPO=$PWD ../shared/perf-anchor/setup.sh        # once: PostgreSQL, seed, node, py-spy
#   bench/perf_anchor/run.sh [--rounds 3 --dur 20]      # measure, profile, memory probe
#
# The harness is copied to $PERF_WORK/harness (the shared copy is left as it is) and the two
# dashnc files are added to it; results land where its README says. dash_ywx and front_ywx here
# are copies of the harness's (tests/compiled/ proves the compiled path answers them as the
# resolvers do): the run stops if the harness's differ.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${PERF_WORK:?set PERF_WORK (see ../shared/perf-anchor/README.md)}"
export PERF_WORK
SHARED=${PERF_ANCHOR:-$HERE/../../../shared/perf-anchor}
for query in dash_ywx front_ywx; do
  cmp -s "$HERE/$query.graphql" "$SHARED/queries/$query.graphql" ||
    { echo "run.sh: $SHARED/queries/$query.graphql is not bench/perf_anchor's copy (update both)" >&2; exit 1; }
done
rm -rf "$PERF_WORK/harness" && cp -r "$SHARED" "$PERF_WORK/harness"
cp "$HERE"/dashnc_*.graphql "$PERF_WORK/harness/queries/"
H=$PERF_WORK/harness
sed -i 's/^LABEL = {"dash": "partner dashboard",/LABEL = {"dash": "partner dashboard", "dashnc": "partner dashboard without Rating.comment",/' "$H/bench_pair.py"
"$H/servers.sh" start
trap '"$H/servers.sh" stop' EXIT
python3 "$H/make_queries.py"
python3 "$H/bench_pair.py" --queries dashnc,front "$@"
python3 "$H/profile.py" --dur 20 --c 1 --query dashnc_ywx
"$H/servers.sh" stop
"$H/servers.sh" start
python3 "$H/rss_probe.py" --dur 10
