@node "%~dp0agent\bin\cns-agent" %*
