"""The portal's statistics: counts, growth and use, for the public page /thong-ke."""
