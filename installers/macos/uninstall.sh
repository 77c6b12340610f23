#!/bin/sh
# Uninstalls cns-bridge on macOS (run with sudo): stops the LaunchAgent, removes what the package
# and its postinstall added. `--purge` also removes the console user's cns-bridge config and logs.
set -e
APP="/Library/Application Support/cns-bridge"
PLIST=/Library/LaunchAgents/dev.cns-bridge.agent.plist
POLICY_DIR=/Applications/Firefox.app/Contents/Resources/distribution
USER_ID=$(stat -f %u /dev/console)
if [ "$USER_ID" != "0" ]; then
  launchctl bootout "gui/$USER_ID" "$PLIST" 2>/dev/null || true
fi
rm -f "$PLIST"
if [ -e "$POLICY_DIR/.cns-bridge-owned" ]; then
  rm -f "$POLICY_DIR/policies.json" "$POLICY_DIR/.cns-bridge-owned"
fi
if [ "$1" = "--purge" ] && [ "$USER_ID" != "0" ]; then
  USER_HOME=$(dscl . -read "/Users/$(stat -f %Su /dev/console)" NFSHomeDirectory | sed 's/^NFSHomeDirectory: //')
  rm -rf "$USER_HOME/Library/Application Support/cns-bridge" "$USER_HOME/Library/Logs/cns-bridge"
fi
rm -rf "$APP"
pkgutil --forget dev.cns-bridge.agent >/dev/null 2>&1 || true
