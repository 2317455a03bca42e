#!/bin/sh
# Install, through Debian's packages, the programs the build and the tests call that PyPI
# cannot provide. Does nothing when they are present; says what to do when it cannot install.
set -eu
missing=""
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# Virtuoso's server and isql only (not the `virtuoso-opensource` metapackage, whose install starts
# a system-wide server on ports 1111 and 8890): the publish tests start their own on 127.0.0.1.
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource-7-bin"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing$missing (Debian packages)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "system-deps: missing$missing." >&2
    echo "  Install them with your package manager, e.g. 'sudo apt-get install$missing'." >&2
    echo "  Java runs the HermiT reasoner, Graphviz renders DOT, Chromium runs the HTML test," >&2
    echo "  Virtuoso (virtuoso-t) is the second store the publish tests push the graph into." >&2
    exit 1
fi
