#!/usr/bin/env bash
# Renders every overlay with kustomize (kubectl's) and validates the objects against the
# Kubernetes API's JSON schemas (npm package kubernetes-models, see validate/). Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
(cd validate && npm ci --no-audit --no-fund --silent)
for overlay in overlays/*/; do
  echo -n "${overlay}: "
  kubectl kustomize "$overlay" 2>/dev/null | node validate/validate.mjs
done
