#!/bin/bash
# Counterpay deb after-remove script (electron-builder template). Removes the /usr/bin link and
# the scanner udev rule. The data folder (ledger, backups, config) is never removed.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# dpkg runs after-remove on upgrades too ("upgrade" as $1): keep the rule then.
if [ "$1" = "remove" ] || [ "$1" = "purge" ] || [ "$1" = "0" ]; then
    rm -f '/lib/udev/rules.d/70-counterpay-scanners.rules'
    if hash udevadm 2>/dev/null; then
        udevadm control --reload-rules || true
    fi
fi
