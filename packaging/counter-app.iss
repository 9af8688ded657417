; Inno Setup script: the Windows installer of counter-app (Inno Setup 6.3 or later; UTF-8).
;
; Build the bundle first, from the repository root on the Windows PC (see packaging/README.md):
;     .venv\Scripts\python -m PyInstaller --noconfirm packaging\counter-app.spec
; then compile this script, from the same folder:
;     iscc packaging\counter-app.iss
; Result: dist\installer\counter-app-setup-0.1.0.exe
;
; The installer copies dist\counter-app\ into Program Files (or the user's own programs
; folder when installed without administrator rights), adds a Start menu entry and a desktop
; shortcut to the windowed executable. The database, its backups, the drafts and the log
; live in the user's data folder (%LOCALAPPDATA%\counter-app\counter-app), which the
; installer never writes to and the uninstaller leaves in place: uninstalling or upgrading
; the program keeps the data.
;
; Not compiled or run yet: see "What was and was not tried" in packaging/README.md.

#define AppName "珠宝售后服务柜台"
#define AppFolder "counter-app"
#define AppVersion "0.1.0"
#define GuiExe "counter-app-gui.exe"

[Setup]
; One AppId for every version: an upgrade replaces the program in place.
AppId={{C341A9F4-6540-4800-889B-0AA74299098C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=counter-app
DefaultDirName={autopf}\{#AppFolder}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=counter-app-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
; The program must not be running while its files are replaced.
CloseApplications=yes
SetupLogging=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: both executables and _internal\ (Qt, Python, font, translations, migrations).
Source: "..\dist\counter-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Code] that touches %LOCALAPPDATA%: the uninstaller removes only
; the files it installed, so the data folder stays where it is.
