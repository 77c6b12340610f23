; cns-bridge per-user installer: agent files, startup item, Chrome/Edge external extension and
; Firefox policy registry keys, uninstaller. Built on Linux: makensis -WX -DSTAGE=dir -DOUTFILE=file
; 64-bit: Node.js for Windows and the pkcs11js module shipped are x64.
Target amd64-unicode
RequestExecutionLevel user
!include "LogicLib.nsh"
Name "CNS Bridge"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\cns-bridge"
!define EXT_ID "ibjopldpmkdpncckfnebdohilediokme"
!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\cns-bridge"

Section "Agent"
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "cns-bridge" '"$INSTDIR\cns-agent.cmd" serve'
  WriteRegStr HKCU "Software\Google\Chrome\Extensions\${EXT_ID}" "update_url" "https://clients2.google.com/service/update2/crx"
  WriteRegStr HKCU "Software\Microsoft\Edge\Extensions\${EXT_ID}" "update_url" "https://clients2.google.com/service/update2/crx"
  ; Firefox: the card middleware the agent's own discovery finds (none: no policy). Needs Node.js
  ; in PATH, as the agent does.
  nsExec::ExecToStack '"node" "$INSTDIR\find-card-module.mjs"'
  Pop $0
  Pop $1
  ${If} $0 == 0
  ${AndIf} $1 != ""
    WriteRegStr HKCU "Software\Policies\Mozilla\Firefox\SecurityDevices\Add" "CNS" "$1"
  ${EndIf}
  WriteRegStr HKCU "${UNINST}" "DisplayName" "CNS Bridge"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
SectionEnd

Section "Uninstall"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "cns-bridge"
  DeleteRegKey HKCU "Software\Google\Chrome\Extensions\${EXT_ID}"
  DeleteRegKey HKCU "Software\Microsoft\Edge\Extensions\${EXT_ID}"
  DeleteRegValue HKCU "Software\Policies\Mozilla\Firefox\SecurityDevices\Add" "CNS"
  DeleteRegKey HKCU "${UNINST}"
  RMDir /r "$INSTDIR"
SectionEnd
