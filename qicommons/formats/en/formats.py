# Dates as most of our English-speaking users write them (day, month, year; "3 Mar 2025"),
# not Django's American default ("March 3, 2025"). French, Portuguese and Spanish keep
# Django's own formats, whose full month names avoid the look-alike abbreviations
# (French "jui" for both juin and juillet).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
