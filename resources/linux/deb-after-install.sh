#!/bin/bash
# Counterpay deb after-install script (an electron-builder template: ${executable} and
# ${sanitizedProductName} are filled in at packaging time).
# 1. electron-builder's default steps: /usr/bin link, chrome-sandbox mode, desktop database,
#    AppArmor profile.
# 2. Counterpay: install the scanner udev rule so the counter's user can read HID-POS scanners
#    without root, then reload udev so scanners that are already plugged in get the new mode.

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile for Electron's sandbox on Ubuntu 24+ (as electron-builder's default script).
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# --- scanners -------------------------------------------------------------------------------
RULE_SOURCE='/opt/${sanitizedProductName}/udev/70-counterpay-scanners.rules'
RULE_TARGET='/lib/udev/rules.d/70-counterpay-scanners.rules'
if [ -f "$RULE_SOURCE" ]; then
    install -D -m 0644 "$RULE_SOURCE" "$RULE_TARGET"
    if hash udevadm 2>/dev/null && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
        udevadm control --reload-rules || true
        udevadm trigger --subsystem-match=hidraw --action=add || true
        udevadm trigger --subsystem-match=usb --action=add || true
    fi
else
    echo "Counterpay: scanner udev rule not found at $RULE_SOURCE; HID-POS scanners may need root" >&2
fi
