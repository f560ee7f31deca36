"""`vocab-lint server`: the linter in the editor, over the Language Server Protocol (pygls)."""
