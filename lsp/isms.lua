-- isms-language-server for Neovim 0.11+ (vim.lsp.config / vim.lsp.enable).
--
-- Put this file on the runtimepath as lsp/isms.lua (e.g. ~/.config/nvim/lsp/isms.lua, or add this
-- repository to 'runtimepath'), then in init.lua:
--
--   vim.lsp.enable("isms")
--
-- Neovim then starts one server per ISMS folder (the nearest folder with isms.yaml, else the git
-- root) and attaches every YAML buffer under it. The server ignores YAML files that are not ISMS
-- files, so it can run beside yaml-language-server. Override any field with vim.lsp.config("isms", {...}).
return {
  -- `npm install -g isms` puts isms-language-server on PATH; from a clone of the repository:
  -- cmd = { "node", "/path/to/isms/dist/server.js", "--stdio" },
  cmd = { "isms-language-server", "--stdio" },
  filetypes = { "yaml" },
  root_markers = { "isms.yaml", ".git" },
  -- isms.today fixes the date every date rule counts from (YYYY-MM-DD); empty: the real date.
  settings = { isms = { today = "" } },
}
