#!/bin/sh
# Installs Postfix for the integration tests (internal/postfixtest), which run private
# instances of their own and need nothing configured system-wide: debconf is preseeded with
# "No configuration", so the package writes no /etc/postfix/main.cf and starts no system
# instance. Idempotent: does nothing when postfix is already installed, and runs
# `apt-get update` only when the package lists are missing or the install fails without it.
# Needs root (or sudo); the tests themselves need root too.
set -eu

PACKAGES="postfix"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	if [ "$status" != "install ok installed" ]; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-postfix: already installed: $PACKAGES ($(postconf -dh mail_version 2>/dev/null || echo 'version unknown'))"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-postfix: need root or sudo to install:$missing" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
# Without this, postfix's postinst asks which kind of mail server this is.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections

install() {
	# shellcheck disable=SC2086 # word splitting of $missing is intended
	$SUDO apt-get install -y --no-install-recommends $missing
}

# Package lists are empty in fresh containers (/var/lib/apt/lists has no
# *_Packages files); update first then, otherwise only when install fails.
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
	echo "install-postfix: no package lists: running apt-get update"
	$SUDO apt-get update -q
	echo "install-postfix: installing:$missing"
	install
elif ! { echo "install-postfix: installing:$missing"; install; }; then
	echo "install-postfix: install failed: running apt-get update and retrying"
	$SUDO apt-get update -q
	install
fi

echo "install-postfix: installed:$missing ($(postconf -dh mail_version 2>/dev/null || echo 'version unknown'))"
