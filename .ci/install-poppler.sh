#!/bin/sh
# Installs poppler-utils (pdftotext, pdftoppm) for the service-report tests, which read the
# PDF's text and render page 1. Idempotent, like install-dovecot.sh.
set -eu
if command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	echo "install-poppler: already installed"
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
	$SUDO apt-get update -q
fi
if ! $SUDO apt-get install -y --no-install-recommends poppler-utils; then
	$SUDO apt-get update -q
	$SUDO apt-get install -y --no-install-recommends poppler-utils
fi
echo "install-poppler: installed"
