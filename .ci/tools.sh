#!/usr/bin/env bash
# Installs the judges the lint, apply and runtime tiers use, once, into a cache
# (MESHIFY_TOOLS_DIR, default ~/.cache/meshify-tools). Idempotent: a tool that is
# already there at the pinned version is not fetched or built again.
#
#   .ci/tools.sh lint        kube-score, checkov
#   .ci/tools.sh apiserver   etcd (Debian), kube-apiserver (built from the Go module proxy), Istio CRDs
#   .ci/tools.sh istioctl    istioctl (about 15 minutes on two cores; not part of CI)
#   .ci/tools.sh all         lint + apiserver
#   .ci/tools.sh env         prints the variables the tests read (eval "$(.ci/tools.sh env)")
set -euo pipefail

# One place for every pinned version.
KUBE_SCORE_VERSION=v1.20.0
CHECKOV_VERSION=3.3.30
KUBERNETES_VERSION=v1.37.2            # kube-apiserver; its staging modules are v0.<minor>.<patch>
# Istio: one pin for the CRDs given to the API server and for istioctl.
ISTIO_MODULE_VERSION=v0.0.0-20260827124520-eed52ebb66ad   # Istio 1.31 (release-1.31 branch; Istio tags are not Go semver)

TOOLS_DIR=${MESHIFY_TOOLS_DIR:-$HOME/.cache/meshify-tools}
BIN=$TOOLS_DIR/bin
mkdir -p "$BIN"
NICE="nice -n 10"

log() { echo "tools: $*" >&2; }

install_kube_score() {
  local stamp=$BIN/.kube-score-$KUBE_SCORE_VERSION
  if [ -x "$BIN/kube-score" ] && [ -e "$stamp" ]; then return; fi
  log "building kube-score $KUBE_SCORE_VERSION"
  GOBIN=$BIN $NICE go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
  touch "$stamp"
}

install_checkov() {
  # checkov pins many dependencies exactly; it gets a venv of its own.
  local venv=$TOOLS_DIR/venv-checkov
  # (sed reads all of pip's output: grep -q would stop early and, under pipefail, fail the test)
  if [ -x "$venv/bin/checkov" ] && [ "$("$venv/bin/pip" show checkov 2>/dev/null | sed -n 's/^Version: //p')" = "$CHECKOV_VERSION" ]; then
    ln -sf "$venv/bin/checkov" "$BIN/checkov"; return
  fi
  log "installing checkov $CHECKOV_VERSION"
  local py=${PYTHON:-python3.11}
  command -v "$py" >/dev/null || py=python3
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q "checkov==$CHECKOV_VERSION"
  ln -sf "$venv/bin/checkov" "$BIN/checkov"
}

install_etcd() {
  if command -v etcd >/dev/null; then return; fi
  log "installing etcd-server from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server
}

install_kube_apiserver() {
  local out=$BIN/kube-apiserver-$KUBERNETES_VERSION
  if [ -x "$out" ]; then ln -sf "$out" "$BIN/kube-apiserver"; return; fi
  log "building kube-apiserver $KUBERNETES_VERSION (about 10 minutes on two cores)"
  # k8s.io/kubernetes replaces its staging modules with ./staging paths, so it cannot be
  # go-installed; a wrapper module requires it and pins each staging module instead.
  local w=$TOOLS_DIR/src/apiserver-$KUBERNETES_VERSION
  rm -rf "$w"; mkdir -p "$w"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  local staging=v0.${KUBERNETES_VERSION#v1.}
  {
    echo "module meshify.local/apiserver"
    echo
    grep '^go ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    sed -n 's#^[[:space:]]*\(k8s.io/[^ ]*\) => ./staging/.*#replace \1 => \1 '"$staging"'#p' "$gomod"
  } > "$w/go.mod"
  cat > "$w/tools.go" <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  (cd "$w" && $NICE go mod tidy && $NICE go build -o "$out.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$out.tmp" "$out"
  ln -sf "$out" "$BIN/kube-apiserver"
}

istio_dir() {
  go mod download -json "istio.io/istio@$ISTIO_MODULE_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p'
}

install_istio_crds() {
  local out=$TOOLS_DIR/istio-crds-$ISTIO_MODULE_VERSION.yaml
  if [ -s "$out" ]; then ln -sf "$out" "$TOOLS_DIR/istio-crds.yaml"; return; fi
  log "downloading the Istio module for its CRDs"
  local dir; dir=$(istio_dir)
  cp "$dir/manifests/charts/base/files/crd-all.gen.yaml" "$out.tmp"
  mv "$out.tmp" "$out"
  ln -sf "$out" "$TOOLS_DIR/istio-crds.yaml"
}

install_istioctl() {
  local stamp=$BIN/.istioctl-$ISTIO_MODULE_VERSION
  if [ -x "$BIN/istioctl" ] && [ -e "$stamp" ]; then return; fi
  log "building istioctl (about 15 minutes on two cores)"
  GOBIN=$BIN $NICE go install "istio.io/istio/istioctl/cmd/istioctl@$ISTIO_MODULE_VERSION"
  touch "$stamp"
}

print_env() {
  echo "export MESHIFY_TOOLS_DIR=$TOOLS_DIR"
  echo "export PATH=$BIN:\$PATH"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then return 0; fi   # sourced: functions only

need_go() {
  # Debian's Go is too old for these builds: a machine without Go gets the pinned toolchain
  # from the Go module proxy (.ci/go.sh), cached beside the tools
  command -v go >/dev/null || eval "$(MESHIFY_TOOLS_DIR=$TOOLS_DIR "$(dirname "${BASH_SOURCE[0]}")/go.sh")"
}

case "${1:-all}" in
  lint|apiserver|istioctl|all) need_go ;;
esac
case "${1:-all}" in
  lint) install_kube_score; install_checkov ;;
  apiserver) install_etcd; install_kube_apiserver; install_istio_crds ;;
  istioctl) install_istioctl ;;
  all) install_kube_score; install_checkov; install_etcd; install_kube_apiserver; install_istio_crds ;;
  env) print_env ;;
  *) echo "usage: $0 [lint|apiserver|istioctl|all|env]" >&2; exit 2 ;;
esac
