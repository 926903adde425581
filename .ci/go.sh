#!/usr/bin/env bash
# Installs the pinned Go toolchain from the Go module proxy (the golang.org/toolchain module,
# what `GOTOOLCHAIN` itself downloads) into the tools cache, once, and prints the PATH line
# to eval. Used by .ci/run on a machine without Go.
set -euo pipefail
GO_VERSION=1.26.8
TOOLS_DIR=${MESHIFY_TOOLS_DIR:-$HOME/.cache/meshify-tools}
PROXY=${GOPROXY:-https://proxy.golang.org}
PROXY=${PROXY%%,*}
case "$(uname -m)" in x86_64) arch=amd64;; aarch64|arm64) arch=arm64;; *) echo "no Go toolchain for $(uname -m)" >&2; exit 1;; esac
dest=$TOOLS_DIR/go-$GO_VERSION
if [ ! -x "$dest/bin/go" ]; then
  echo "go: downloading Go $GO_VERSION from $PROXY" >&2
  mkdir -p "$TOOLS_DIR"
  zip=$TOOLS_DIR/go-$GO_VERSION.zip
  curl -fsSL -o "$zip" "$PROXY/golang.org/toolchain/@v/v0.0.1-go$GO_VERSION.linux-$arch.zip"
  rm -rf "$dest.tmp"
  # the module zip holds golang.org/toolchain@v.../ with bin/, src/, pkg/; keep the file modes
  python3 - "$zip" "$dest.tmp" "golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-$arch/" <<'PY'
import os, sys, zipfile
zf, out, prefix = sys.argv[1:4]
with zipfile.ZipFile(zf) as z:
    for info in z.infolist():
        rel = info.filename[len(prefix):] if info.filename.startswith(prefix) else ""
        if not rel or rel.startswith("/") or ".." in rel.split("/"):
            continue
        path = os.path.join(out, rel)
        if info.is_dir():
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with z.open(info) as src, open(path, "wb") as dst:
            dst.write(src.read())
        mode = (info.external_attr >> 16) & 0o777
        if mode:
            os.chmod(path, mode)
PY
  chmod +x "$dest.tmp"/bin/* "$dest.tmp"/pkg/tool/*/* 2>/dev/null || true
  mv "$dest.tmp" "$dest"
  rm -f "$zip"
fi
echo "export PATH=\"$dest/bin:\$PATH\" GOTOOLCHAIN=local"
