#!/usr/bin/env bash
# Checks the observability files with Prometheus' own tool (Debian package `prometheus` ships
# promtool): the alert rules parse and their unit tests pass, and every query of the Grafana
# dashboard is valid PromQL (each is checked as a recording rule). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
promtool check rules alert-rules.yml
promtool test rules alert-rules.test.yml
queries="$(mktemp --suffix=.yml)"
trap 'rm -f "$queries"' EXIT
node -e '
  const d = JSON.parse(require("fs").readFileSync("grafana-dashboard.json", "utf8"));
  if (!d.uid || !d.title || !Array.isArray(d.panels) || d.panels.length === 0) throw new Error("not a dashboard");
  const rules = d.panels.flatMap(p => {
    if (!p.title || !p.type || !p.gridPos || !p.targets?.length) throw new Error("panel " + p.id + " incomplete");
    return p.targets.map((t, i) => ({record: "dashboard:panel" + p.id + "_" + i, expr: t.expr}));
  });
  console.log(JSON.stringify({groups: [{name: "grafana-dashboard-queries", rules}]}));
' > "$queries"
promtool check rules "$queries" >/dev/null && echo "grafana-dashboard.json: $(grep -c '"expr"' grafana-dashboard.json) queries are valid PromQL"
