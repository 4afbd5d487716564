"""An agency's data catalogue as a spreadsheet: exported, edited by its
stewards, previewed and applied row by row."""
