"""Speed, behind one seam: the runner of whole-tree jobs (runner.run), the one fork
mechanism, the kept products and the process's lifetime tricks. Nothing outside this package
knows that there are processes or caches; the library API (samverkan_cli.api) calls it."""
