#!/bin/sh
# Installs the Dovecot packages the integration tests need
# (internal/dovecottest): IMAP, LMTP and Sieve. Idempotent: does nothing when
# they are already installed, and runs `apt-get update` only when the package
# lists are missing or the install fails without it. Needs root (or sudo).
set -eu

PACKAGES="dovecot-imapd dovecot-lmtpd dovecot-sieve"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	if [ "$status" != "install ok installed" ]; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-dovecot: already installed: $PACKAGES ($(dovecot --version 2>/dev/null || echo 'version unknown'))"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-dovecot: need root or sudo to install:$missing" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
install() {
	# shellcheck disable=SC2086 # word splitting of $missing is intended
	$SUDO apt-get install -y --no-install-recommends $missing
}

# Package lists are empty in fresh containers (/var/lib/apt/lists has no
# *_Packages files); update first then, otherwise only when install fails.
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
	echo "install-dovecot: no package lists: running apt-get update"
	$SUDO apt-get update -q
	echo "install-dovecot: installing:$missing"
	install
elif ! { echo "install-dovecot: installing:$missing"; install; }; then
	echo "install-dovecot: install failed: running apt-get update and retrying"
	$SUDO apt-get update -q
	install
fi

# The packaged system instance is not needed (tests run their own); it may
# fail to start in containers, which is fine.
echo "install-dovecot: installed:$missing ($(dovecot --version 2>/dev/null || echo 'version unknown'))"
