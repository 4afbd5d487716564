"""Citizens' data requests (/yeu-cau-du-lieu) and the agencies' answers."""
