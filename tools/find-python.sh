#!/bin/sh
# Print the path of an installed Python X.Y (the one argument), or exit 1 when there is none.
# Looks on PATH, in pyenv's versions and in uv's list, and checks that the interpreter runs
# (a pyenv shim for a version that is not active does not).
set -u
want=$1
for candidate in "python$want" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/"python$want" \
    "/usr/local/bin/python$want" "/usr/bin/python$want"; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c "import sys; sys.exit('%d.%d' % sys.version_info[:2] != '$want')" 2>/dev/null
    then
        echo "$path"
        exit 0
    fi
done
if command -v uv >/dev/null 2>&1; then
    path=$(uv python find --no-python-downloads "$want" 2>/dev/null) && { echo "$path"; exit 0; }
fi
exit 1
