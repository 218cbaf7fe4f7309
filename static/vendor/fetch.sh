#!/usr/bin/env bash
# Re-fetch the vendored front-end files from the npm registry (`npm pack`: the published
# tarballs, no install scripts run) into static/vendor/<package>-<version>/, then check each
# file against SHA256SUMS. `fetch.sh --check` only checks what is committed.
# To move a package on: change its version below, run this, review, update SHA256SUMS
# (sha256sum */* > SHA256SUMS) and README.md.
set -euo pipefail
cd "$(dirname "$0")"

# package@version, then the files to keep (paths inside the tarball's package/ folder).
PACKAGES=(
  "graphiql@3.8.3 graphiql.min.js graphiql.min.css LICENSE"
  "react@18.2.0 umd/react.production.min.js LICENSE"
  "react-dom@18.2.0 umd/react-dom.production.min.js LICENSE"
  "echarts@5.6.0 dist/echarts.min.js LICENSE NOTICE"
)

if [[ ${1:-} != --check ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for entry in "${PACKAGES[@]}"; do
    read -r spec files <<<"$entry"
    name=${spec%@*} version=${spec##*@}
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    mkdir -p "$work/$name" "$name-$version"
    tar -xzf "$work/$name-$version.tgz" -C "$work/$name"
    for file in $files; do
      cp "$work/$name/package/$file" "$name-$version/$(basename "$file")"
    done
  done
fi
sha256sum --check --quiet SHA256SUMS
echo "static/vendor: every file matches SHA256SUMS"
