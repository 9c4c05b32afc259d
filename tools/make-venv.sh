#!/bin/sh
# Create or refresh the project's virtual environment from the lock file (called by the Makefile).
# Uses uv when it is on PATH or can be installed from the package index into $UV_HOME, and pip
# otherwise. A venv made by another Python version is rebuilt from scratch.
set -eu
: "${PYTHON:?}" "${VENV:?}" "${LOCK:?}" "${UV_HOME:?}"
UV=${UV:-}

version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || {
    echo "error: the Python interpreter '$PYTHON' was not found or does not run." >&2
    echo "Install Python 3.11 or newer, or point PYTHON at one: make PYTHON=/path/to/python3" >&2
    exit 1
}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "error: '$PYTHON' is Python $version; this project needs 3.11 or newer (set PYTHON=...)." >&2
    exit 1
}

if [ -z "$UV" ] && [ ! -x "$UV_HOME/bin/uv" ]; then
    echo "Installing uv into $UV_HOME (a fast installer; pip is used if this fails)"
    "$PYTHON" -m pip install -qq --disable-pip-version-check --root-user-action=ignore \
        --target "$UV_HOME" uv || true
fi
[ -n "$UV" ] || { [ -x "$UV_HOME/bin/uv" ] && UV="$UV_HOME/bin/uv"; } || true

if [ -x "$VENV/bin/python" ]; then
    venv_version=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' \
        2>/dev/null || echo none)
    if [ "$venv_version" != "$version" ]; then
        echo "$VENV was made by Python $venv_version; rebuilding it with Python $version"
        rm -rf "$VENV"
    fi
fi
rm -f "$VENV"/.installed-*

if [ -n "$UV" ]; then
    [ -x "$VENV/bin/python" ] || "$UV" venv --quiet --python "$PYTHON" "$VENV"
    echo "Installing the locked packages into $VENV with uv"
    "$UV" pip sync --quiet --python "$VENV/bin/python" "$LOCK"
else
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    echo "Installing the locked packages into $VENV with pip (uv was not available)"
    # pip checks every hash, and allows no editable requirement in that mode: rnnlib goes after.
    grep -v '^-e ' "$LOCK" > "$VENV/locked-requirements.txt"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes \
        -r "$VENV/locked-requirements.txt"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
fi
touch "$VENV/.installed-$version"
