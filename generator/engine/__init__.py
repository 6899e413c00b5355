"""The site engine: the only code that imports MkDocs (its plugin), and Pagefind over the built site."""
