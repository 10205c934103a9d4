"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "ebb988450b5de41825e1de740f0fccfc9de1cdba744ef21096dc45576e712bbb"
