# Sourced by deploy/local/onewindow: install whatever is missing, idempotently, and say in one
# sentence what cannot be installed here.
FERRETDB_VERSION=v1.24.2
UV_VERSION=0.13.9
# The identity provider: Keycloak's server distribution from Maven Central (needs Java 21+)
KEYCLOAK_VERSION=26.7.3

missing() { echo "onewindow: $1" >&2; exit 2; }
quiet() { local log; log=$(mktemp); if ! "$@" >"$log" 2>&1; then cat "$log" >&2; rm -f "$log"; return 1; fi; rm -f "$log"; }

ensure_python() {
  PYTHON=""
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      # the interpreter itself, not a shim (pyenv): uv compares this path with the venv's
      # and would otherwise rebuild .venv on every command, under running services' feet
      PYTHON=$("$candidate" -c 'import sys; print(sys.executable)'); break
    fi
  done
  [ -n "$PYTHON" ] || missing "Python 3.11 is missing: install python3.11 (e.g. apt-get install python3.11 python3.11-venv) and run this again."
  # uv (pinned) lives in a venv of its own under .data/, whatever the system's pip allows.
  UV=.data/tools/bin/uv
  if ! { [ -x "$UV" ] && "$UV" --version 2>/dev/null | grep -q "$UV_VERSION"; }; then
    echo "installing uv $UV_VERSION ..."
    quiet "$PYTHON" -m venv .data/tools \
      || missing "Python's venv module is missing: install python3.11-venv and run this again."
    quiet .data/tools/bin/python -m pip install --quiet "uv==$UV_VERSION" \
      || missing "could not install uv with pip: check that PyPI is reachable."
  fi
  quiet "$UV" sync --frozen --python "$PYTHON" \
    || missing "installing the Python dependencies (uv sync) failed: see the output above."
}

ensure_gateway() {
  command -v node >/dev/null 2>&1 || missing "Node.js is missing: install Node.js 20 or later with npm (e.g. apt-get install nodejs npm) and run this again."
  command -v npm >/dev/null 2>&1 || missing "npm is missing: install npm (e.g. apt-get install npm) and run this again."
  if [ ! -x gateway/node_modules/.bin/hive-gateway ] || [ gateway/package-lock.json -nt gateway/node_modules/.package-lock.json ]; then
    echo "installing the gateway's npm packages ..."
    quiet npm ci --prefix gateway --no-audit --no-fund \
      || missing "installing the gateway's npm packages (npm ci) failed: see the output above."
  fi
}

ensure_workbench() {
  # The staff workbench (Vue 3 + Element Plus): its packages, then a build (types generated
  # from the subgraphs' SDL, type-checked, bundled by Vite into gateway/workbench/dist) when
  # its sources, its packages or the SDL changed since the last one.
  local dir=gateway/workbench stamp
  if [ ! -x "$dir/node_modules/.bin/vite" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "installing the workbench's npm packages ..."
    quiet npm ci --prefix "$dir" --no-audit --no-fund \
      || missing "installing the workbench's npm packages (npm ci) failed: see the output above."
  fi
  stamp=$(cat "$dir/package-lock.json" gateway/subgraphs/*.graphql \
    $(find "$dir/src" "$dir/index.html" "$dir/vite.config.ts" "$dir/codegen.ts" -type f -not -path "*/generated/*" | sort) \
    | sha256sum | cut -c1-16)
  if [ -f "$dir/dist/index.html" ] && [ "$(cat "$dir/dist/.stamp" 2>/dev/null)" = "$stamp" ]; then return; fi
  echo "building the staff workbench ..."
  quiet npm run build --prefix "$dir" \
    || missing "building the workbench (npm run build in $dir) failed: see the output above."
  echo "$stamp" > "$dir/dist/.stamp"
}

ensure_ferretdb() {
  local bin=.data/bin/ferretdb stamp
  # The build stamp names the version and the patch, so a changed patch rebuilds.
  stamp="$FERRETDB_VERSION $(sha256sum deploy/local/ferretdb-id-index.patch | cut -c1-16)"
  if [ -x "$bin" ] && [ "$(cat .data/bin/ferretdb.stamp 2>/dev/null)" = "$stamp" ]; then return; fi
  command -v go >/dev/null 2>&1 || missing "Go is missing: install Go 1.22 or later (https://go.dev/doc/install) so FerretDB $FERRETDB_VERSION can be built."
  echo "building FerretDB $FERRETDB_VERSION (once; about two minutes) ..."
  # `go install ...@v1.24.2` cannot be used as is: the module zip lacks build/version/version.txt
  # (FerretDB panics at start without it), so build from a writable copy of the module source.
  local dir src build
  dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
        | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  [ -n "$dir" ] || missing "could not download FerretDB $FERRETDB_VERSION from the Go module proxy."
  build=$(mktemp -d); src="$build/ferretdb"
  cp -r "$dir" "$src"; chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  # One-line fix so that lookups by _id use the _id index (see the patch's header).
  (cd "$src" && quiet git apply "$ROOT/deploy/local/ferretdb-id-index.patch") \
    || missing "patching FerretDB failed: see the output above."
  mkdir -p .data/bin
  (cd "$src" && quiet go build -trimpath -o "$ROOT/$bin" ./cmd/ferretdb) \
    || missing "building FerretDB failed: see the output above."
  echo "$stamp" > .data/bin/ferretdb.stamp
  rm -rf "$build"
}

# Go programs pinned in deploy/tools/go.mod (tool directives), rebuilt when that file changes:
# Jaeger (traces: `up` and the tests), kubeconform and kustomize (the Kubernetes manifests'
# test). A fresh machine compiles Jaeger once (a few minutes on two cores): the build starts
# first, in the background, and the other steps proceed beside it; finish_go_tools waits.
start_go_tools() {
  GO_TOOLS_PID=""
  local stamp tool ready=1
  stamp=$(cat deploy/tools/go.mod deploy/tools/go.sum | sha256sum | cut -c1-16)
  for tool in jaeger kubeconform kustomize; do [ -x ".data/bin/$tool" ] || ready=0; done
  if [ "$ready" = 1 ] && [ "$(cat .data/bin/tools.stamp 2>/dev/null)" = "$stamp" ]; then return; fi
  command -v go >/dev/null 2>&1 || missing "Go is missing: install Go 1.24 or later (https://go.dev/doc/install) so Jaeger, kubeconform and kustomize can be built."
  echo "building Jaeger, kubeconform and kustomize in the background (once; Jaeger takes a few minutes) ..."
  mkdir -p .data/bin
  rm -f .data/bin/tools.stamp
  (cd deploy/tools && GOFLAGS=-mod=mod go build -trimpath -o "$ROOT/.data/bin/" \
      github.com/jaegertracing/jaeger/cmd/jaeger github.com/yannh/kubeconform/cmd/kubeconform \
      sigs.k8s.io/kustomize/kustomize/v5 >"$ROOT/.data/bin/tools.log" 2>&1 \
    && echo "$stamp" > "$ROOT/.data/bin/tools.stamp") &
  GO_TOOLS_PID=$!
}

finish_go_tools() {
  [ -n "${GO_TOOLS_PID:-}" ] || return 0
  if ! wait "$GO_TOOLS_PID"; then
    cat .data/bin/tools.log >&2
    missing "building the Go tools in deploy/tools failed: see the output above."
  fi
}

# One Debian package, as root; the package lists are refreshed when the first try fails.
# $1 the package, $2 what is missing, $3 what to do where there is no apt-get.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || missing "$2 is missing: $3"
  [ "$(id -u)" = 0 ] || missing "$2 is missing: run 'sudo apt-get install $1' once, then this again."
  echo "installing $1 from Debian ..."
  DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -qq "$1" \
    || { quiet apt-get update -qq && DEBIAN_FRONTEND=noninteractive quiet apt-get install -y -qq "$1"; } \
    || missing "installing $1 failed: see the output above."
}

ensure_rabbitmq() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && return
  apt_install rabbitmq-server RabbitMQ \
    "install Debian's rabbitmq-server package (or set ONEWINDOW_TEST_AMQP_URL to a running broker)."
  # The package starts a system broker on 5672 where it can; ours runs its own nodes.
  if command -v service >/dev/null 2>&1; then service rabbitmq-server stop >/dev/null 2>&1 || true; fi
}

ensure_fonts() {
  # Notices are PDFs in Chinese with an embedded CJK font (ONEWINDOW_NOTICE_FONT).
  [ -n "${ONEWINDOW_NOTICE_FONT:-}" ] && [ -f "$ONEWINDOW_NOTICE_FONT" ] && return
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] && return
  apt_install fonts-noto-cjk "the Noto CJK font" \
    "install fonts-noto-cjk (or set ONEWINDOW_NOTICE_FONT to a CJK font file)."
}

ensure_browser() {
  # The browser tests drive Debian's chromium with Playwright (its Python package is a dev
  # dependency; no browser download): only the test command needs it.
  [ -n "${ONEWINDOW_CHROMIUM:-}" ] && [ -x "$ONEWINDOW_CHROMIUM" ] && return
  command -v chromium >/dev/null 2>&1 && return
  apt_install chromium "Chromium (for the browser tests)" \
    "install it (or set ONEWINDOW_CHROMIUM to a Chromium binary)."
}

# A JDK of version 21 or later for Keycloak: ONEWINDOW_JAVA_HOME, JAVA_HOME, the java on the
# PATH, or one under /usr/lib/jvm; its home goes to .data/keycloak/java-home.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
ensure_java() {
  local home candidates=("${ONEWINDOW_JAVA_HOME:-}" "${JAVA_HOME:-}")
  command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    if [ "$(java_major "$home")" -ge 21 ] 2>/dev/null; then
      mkdir -p .data/keycloak; echo "$home" > .data/keycloak/java-home; return
    fi
  done
  missing "Keycloak needs Java 21 or later: install a JDK 21+ (e.g. Temurin from adoptium.net, or apt-get install openjdk-21-jdk-headless) or set ONEWINDOW_JAVA_HOME, and run this again."
}

ensure_keycloak() {
  ensure_java
  local dir=.data/keycloak/keycloak-$KEYCLOAK_VERSION url archive sum
  [ -x "$dir/bin/kc.sh" ] && return
  url="https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  echo "installing Keycloak $KEYCLOAK_VERSION from Maven Central (once; 170 MB) ..."
  archive=$(mktemp)
  quiet curl -fsSL -o "$archive" "$url" || missing "could not download Keycloak $KEYCLOAK_VERSION from Maven Central."
  sum=$(curl -fsSL "$url.sha1") || missing "could not download Keycloak's checksum from Maven Central."
  [ "$(sha1sum "$archive" | cut -d' ' -f1)" = "${sum%% *}" ] || missing "Keycloak's archive does not match its checksum; run this again."
  tar -xzf "$archive" -C .data/keycloak || missing "unpacking Keycloak failed."
  rm -f "$archive"
}

ensure_prerequisites() {
  start_go_tools
  ensure_python
  ensure_gateway
  ensure_workbench
  ensure_ferretdb
  ensure_rabbitmq
  ensure_fonts
  ensure_keycloak
  finish_go_tools
}
