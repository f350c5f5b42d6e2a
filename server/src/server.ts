// The ISMS language server. Until the language server lands, the program says so clearly.
process.stderr.write(
  "isms-language-server: the language server is not available in this version yet; use `isms check` meanwhile.\n",
);
process.exitCode = 1;
