# Sourced by clients/generate and clients/test from the repository's root: installs the pinned
# tools of the TypeScript and Python clients when what is installed is not what is pinned.

# clients/typescript/node_modules, from package-lock.json.
install_typescript_tools() {
    local dir=clients/typescript
    if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json" 2>/dev/null; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        cp "$dir/package-lock.json" "$dir/node_modules/.installed-package-lock.json"
    fi
}

# A virtual environment in clients/python/.venv, from requirements.txt.
PYTHON_VENV=clients/python/.venv
install_python_tools() {
    if [ ! -x "$PYTHON_VENV/bin/python" ]; then
        python3 -m venv "$PYTHON_VENV"
    fi
    if ! cmp -s clients/python/requirements.txt "$PYTHON_VENV/installed-requirements.txt"; then
        "$PYTHON_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r clients/python/requirements.txt
        cp clients/python/requirements.txt "$PYTHON_VENV/installed-requirements.txt"
    fi
}
