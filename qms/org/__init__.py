"""Organisation: departments (windows), users and their roles. Base layer: imports nothing of ours."""
