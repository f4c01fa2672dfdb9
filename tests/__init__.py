"""learnref's tests: each module pins one behaviour, named in its first line."""
